package app

import (
	"context"
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"
	"unicode"
	"unicode/utf8"
)

var helpCommand = &command{
	name:     "help",
	args:     "[COMMAND]",
	summary:  "say what the commands do, or what one does: its flags and examples",
	examples: []string{"help", "help search"},
	define: func(*flag.FlagSet) runFunc {
		return func(ctx context.Context, e *env, args []string) error {
			switch len(args) {
			case 0:
				return programHelp(e.stdout)
			case 1:
				if c := findCommand(args[0]); c != nil {
					return commandHelp(e.stdout, c)
				}
				return usagef("no command %q", args[0])
			}
			return usagef("name one command")
		}
	},
}

var versionCommand = &command{
	name:     "version",
	summary:  "print the version",
	examples: []string{"version"},
	define: func(*flag.FlagSet) runFunc {
		return func(ctx context.Context, e *env, args []string) error {
			if len(args) > 0 {
				return usagef("takes no arguments")
			}
			_, err := fmt.Fprintf(e.stdout, "chatchannels %s\n", Version)
			return err
		}
	},
}

// programHelp says what Chat Channels is and lists its commands.
func programHelp(w io.Writer) error {
	var b strings.Builder
	fmt.Fprintf(&b, "Chat Channels %s keeps, serves and searches your Skype chats.\n\n", Version)
	b.WriteString("Usage: chatchannels [--data DIR] COMMAND [FLAGS] [ARGS]\n")
	b.WriteString("Without a command it is the tray app on Windows and runs like serve elsewhere.\n\nCommands:\n")
	for _, c := range commands {
		summary := c.summary
		if c.windows {
			summary = "Windows: " + summary
		}
		fmt.Fprintf(&b, "  %s\n      %s\n", strings.TrimPrefix(c.synopsis(), "chatchannels "), summary)
	}
	fmt.Fprintf(&b, "\nEvery command takes --data DIR: %s.\n", dataUsage)
	b.WriteString("Flags go before or after a command's arguments; -- ends them.\n")
	b.WriteString("Exit status: 0 done, 1 failed (the reason on standard error), 2 a command line not understood.\n")
	b.WriteString("Run 'chatchannels help COMMAND' for a command's flags and examples.\n")
	_, err := io.WriteString(w, b.String())
	return err
}

// commandHelp says what a command does: its synopsis, what it does, each
// flag and examples.
func commandHelp(w io.Writer, c *command) error {
	var b strings.Builder
	fmt.Fprintf(&b, "Usage: %s\n\n%s.\n", c.synopsis(), sentence(c.summary))
	if c.windows {
		b.WriteString("It does its work on Windows only.\n")
	}
	if c.details != "" {
		fmt.Fprintf(&b, "\n%s\n", strings.TrimSpace(c.details))
	}
	b.WriteString("\nFlags:\n")
	tw := tabwriter.NewWriter(&b, 0, 4, 3, ' ', 0)
	fs, _ := c.flagSet()
	var last string
	fs.VisitAll(func(f *flag.Flag) {
		line := fmt.Sprintf("  %s\t%s\n", flagWithValue(f), flagUsage(f))
		if f.Name == "data" {
			last = line // the flag every command has comes last
			return
		}
		fmt.Fprint(tw, line)
	})
	fmt.Fprint(tw, last)
	tw.Flush()
	if len(c.examples) > 0 {
		b.WriteString("\nExamples:\n")
		for _, ex := range c.examples {
			fmt.Fprintf(&b, "  chatchannels %s\n", ex)
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// shortUsage is what follows a usage error: the synopsis and where to read
// more.
func shortUsage(w io.Writer, c *command) {
	if c == nil || c.name == "" {
		fmt.Fprintln(w, "Usage: chatchannels [--data DIR] COMMAND [FLAGS] [ARGS]")
		fmt.Fprintln(w, "Run 'chatchannels help' for the commands.")
		return
	}
	fmt.Fprintf(w, "Usage: %s\n", c.synopsis())
	fmt.Fprintf(w, "Run 'chatchannels help %s' for its flags and examples.\n", c.name)
}

// synopsis is the command's usage line: its name, its flags and its
// arguments.
func (c *command) synopsis() string {
	parts := []string{"chatchannels"}
	if c.name != "" {
		parts = append(parts, c.name)
	}
	fs, _ := c.flagSet()
	fs.VisitAll(func(f *flag.Flag) {
		if f.Name != "data" && !slices.Contains(c.hidden, f.Name) {
			parts = append(parts, "["+flagWithValue(f)+"]")
		}
	})
	if c.args != "" {
		parts = append(parts, c.args)
	}
	return strings.Join(parts, " ")
}

// flagWithValue writes a flag as it is typed: --json, --limit N.
func flagWithValue(f *flag.Flag) string {
	if isBoolFlag(f) {
		return "--" + f.Name
	}
	name, _ := flag.UnquoteUsage(f) // the usage's `NAME`
	if f.Name == "data" {
		name = "DIR"
	}
	if name == "" || strings.ToUpper(name) != name {
		name = "VALUE"
	}
	return "--" + f.Name + " " + name
}

// flagUsage is a flag's explanation, with its default when it has one.
func flagUsage(f *flag.Flag) string {
	_, usage := flag.UnquoteUsage(f)
	if !isBoolFlag(f) && f.DefValue != "" && f.DefValue != "0" && !strings.Contains(usage, "default") {
		usage += " (default " + f.DefValue + ")"
	}
	return usage
}

// sentence starts s with a capital letter.
func sentence(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}
