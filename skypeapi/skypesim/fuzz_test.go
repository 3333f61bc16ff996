package skypesim

import (
	"os"
	"strconv"
	"testing"
)

// FuzzWorld feeds arbitrary bytes to the world file reader. A world that
// reads must also run: the simulator built from it answers the commands a
// collector sends (chats, their properties, every message's properties)
// without panicking. Seeds are the worlds in testdata.
func FuzzWorld(f *testing.F) {
	for _, name := range []string{"testdata/world.json", "testdata/wine_e2e_world.json"} {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte(`{"user":"alice","chats":[{"name":"#alice/$bob;1","messages":[{"from":"bob","body":"x","edited_ts":-1}]}],` +
		`"script":[{"after_ms":-5,"edit":{"chat":"#alice/$bob;1","index":0,"body":""}},{"disconnect_ms":1}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		w, err := parseWorld(data)
		if err != nil {
			return
		}
		s := New(w, Options{})
		s.Snapshot()
		c := &clientConn{proto: 8}
		s.mu.Lock()
		defer s.mu.Unlock()
		ask := func(cmd string) { s.reply(c, cmd) }
		ask("SEARCH RECENTCHATS")
		ask("SEARCH CHATMESSAGES")
		for _, ch := range s.chats {
			for _, p := range []string{"TOPIC", "MEMBERS", "ACTIVEMEMBERS", "FRIENDLYNAME", "STATUS", "TIMESTAMP", "CHATMESSAGES", "RECENTCHATMESSAGES"} {
				ask("GET CHAT " + ch.Name + " " + p)
			}
			ask("SEARCH CHATMESSAGES " + ch.Name)
		}
		for id := range s.byID {
			for _, p := range []string{"BODY", "FROM_HANDLE", "FROM_DISPNAME", "TIMESTAMP", "TYPE", "STATUS", "CHATNAME", "EDITED_BY", "EDITED_TIMESTAMP", "USERS", "LEAVEREASON", "IS_EDITABLE"} {
				ask("GET CHATMESSAGE " + strconv.Itoa(id) + " " + p)
			}
			ask("SET CHATMESSAGE " + strconv.Itoa(id) + " SEEN")
		}
	})
}
