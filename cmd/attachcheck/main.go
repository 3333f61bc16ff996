// Command attachcheck proves the Windows Desktop API transport end to end:
// it attaches to Skype (or skypesim), negotiates PROTOCOL 8, prints the
// current user and every chat with its messages, then prints the
// notifications that arrive for a while, re-attaching if Skype goes away.
// It exits non-zero if the attach or any command fails.
//
//	attachcheck [--attach 60s] [--listen 10s]
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"time"

	"github.com/chatchannels/chatchannels/skypeapi"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("attachcheck", flag.ContinueOnError)
	fs.SetOutput(stderr)
	attachWait := fs.Duration("attach", 60*time.Second, "give up attaching after this long")
	listen := fs.Duration("listen", 10*time.Second, "print notifications for this long after listing")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	slog.SetDefault(slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelInfo})))
	out := func(format string, a ...any) { fmt.Fprintf(stdout, format+"\n", a...) }

	conn := skypeapi.NewWindowsConnector()
	c, err := attach(conn, *attachWait, out)
	if err != nil {
		fmt.Fprintln(stderr, "attachcheck:", err)
		return 1
	}
	if err := list(c, out); err != nil {
		fmt.Fprintln(stderr, "attachcheck:", err)
		return 1
	}

	deadline := time.After(*listen)
	for {
		select {
		case m, ok := <-c.Notifications():
			if ok {
				out("NOTE %s", oneLine(strings.Join(strings.Fields(m.Object+" "+m.ID+" "+m.Prop), " ")+" "+m.Value))
				if m.Object == "CHATMESSAGE" && m.Prop == "STATUS" && m.Value == "RECEIVED" {
					printMessage(c, m.ID, out)
				}
				continue
			}
			out("GONE Skype went away; re-attaching")
			if c, err = attach(conn, *attachWait, out); err != nil {
				fmt.Fprintln(stderr, "attachcheck: re-attach:", err)
				return 1
			}
			if err := list(c, out); err != nil {
				fmt.Fprintln(stderr, "attachcheck:", err)
				return 1
			}
		case <-deadline:
			out("DONE")
			_ = c.Close()
			return 0
		}
	}
}

// attach connects, wraps the connection in a Client and negotiates.
func attach(conn skypeapi.Connector, wait time.Duration, out func(string, ...any)) (*skypeapi.Client, error) {
	ctx, cancel := context.WithTimeout(context.Background(), wait)
	defer cancel()
	t, err := conn.Connect(ctx, func(s skypeapi.AttachStatus) { out("STATUS %s", s) })
	if err != nil {
		return nil, fmt.Errorf("attach: %w", err)
	}
	c := skypeapi.NewClient(t, skypeapi.ClientOptions{Timeout: 10 * time.Second})
	v, err := c.Negotiate(ctx, 8)
	if err != nil {
		_ = c.Close()
		return nil, fmt.Errorf("PROTOCOL 8: %w", err)
	}
	out("PROTOCOL %d", v)
	return c, nil
}

// list prints the current user and every chat with its messages.
func list(c *skypeapi.Client, out func(string, ...any)) error {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	user, err := c.GetGlobal(ctx, "CURRENTUSERHANDLE")
	if err != nil {
		return fmt.Errorf("GET CURRENTUSERHANDLE: %w", err)
	}
	out("USER %s", user)
	names, err := c.ChatNames(ctx)
	if err != nil {
		return fmt.Errorf("listing chats: %w", err)
	}
	for _, name := range names {
		ch, err := c.Chat(ctx, name)
		var apiErr *skypeapi.Error
		if errors.As(err, &apiErr) {
			out("CHAT %s (unreadable: %v)", name, err)
			continue
		}
		if err != nil {
			return fmt.Errorf("chat %s: %w", name, err)
		}
		out("CHAT %s topic=%q members=%s", ch.Name, ch.Topic, strings.Join(ch.Members, ","))
		ids, err := c.ChatMessageIDs(ctx, name, false)
		if err != nil {
			return fmt.Errorf("chat %s messages: %w", name, err)
		}
		for _, id := range ids {
			printMessage(c, id, out)
		}
	}
	return nil
}

func printMessage(c *skypeapi.Client, id string, out func(string, ...any)) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	m, err := c.ChatMessage(ctx, id)
	if err != nil {
		out("MSG %s (unreadable: %v)", id, err)
		return
	}
	out("MSG %s %s %s %s: %s", m.ID, m.Chat, m.Time.Format(time.RFC3339), m.FromHandle, oneLine(m.Body))
}

// oneLine keeps a multi-line text on one output line.
func oneLine(s string) string { return strings.ReplaceAll(s, "\n", `\n`) }
