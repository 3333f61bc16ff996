package skypeapi

import "context"

// User is what an archiver reads of a person (GET USER <handle> …): the name they
// gave themselves and the one the current user gave them.
type User struct {
	Handle      string
	FullName    string // FULLNAME
	DisplayName string // DISPLAYNAME: the current user's name for them; "" if they gave none
}

var userProps = []string{"FULLNAME", "DISPLAYNAME"}

// User reads a person's names, pipelined.
func (c *Client) User(ctx context.Context, handle string) (User, error) {
	v, err := c.getAll(ctx, "USER", handle, userProps)
	if err != nil {
		return User{}, err
	}
	return User{Handle: handle, FullName: v["FULLNAME"], DisplayName: v["DISPLAYNAME"]}, nil
}
