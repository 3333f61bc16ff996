package app

import "flag"

// commands are the command line's commands, in the order help lists them.
// (Set in init: help refers back to the list.)
var commands []*command

func init() {
	commands = []*command{
		serveCommand, importCommand, chatsCommand, searchCommand, exportCommand, statusCommand, reindexCommand,
		generateCommand, installCommand, uninstallCommand, completionCommand, helpCommand, versionCommand,
	}
}

// trayCommand is Chat Channels started without a command: the tray where
// there is one, headless like serve elsewhere (tray_*.go).
var trayCommand = command{
	summary: "the tray app on Windows; elsewhere it runs like serve",
	define:  func(*flag.FlagSet) runFunc { return runTray },
}
