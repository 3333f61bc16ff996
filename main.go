// Command chatchannels keeps Skype chats as web pages, searches and Atom feeds.
package main

import (
	"os"

	"github.com/chatchannels/chatchannels/app"
)

func main() {
	os.Exit(app.Main(os.Args[1:], os.Stdout, os.Stderr))
}
