package skypeapi_test

import (
	"reflect"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/chatchannels/chatchannels/skypeapi"
)

func TestParse(t *testing.T) {
	tests := []struct {
		in   string
		want skypeapi.Message
	}{
		{"#12 PROTOCOL 8", skypeapi.Message{Tag: "12", Object: "PROTOCOL", Value: "8"}},
		{"PONG", skypeapi.Message{Object: "PONG"}},
		{"#RCH CHATS #alice/$bob;0123456789abcdef, #alice/$6a072ce5537c4044",
			skypeapi.Message{Tag: "RCH", Object: "CHATS", Value: "#alice/$bob;0123456789abcdef, #alice/$6a072ce5537c4044"}},
		{"#3 CHATS", skypeapi.Message{Tag: "3", Object: "CHATS"}},
		{"CHATMESSAGE 345 STATUS RECEIVED", skypeapi.Message{Object: "CHATMESSAGE", ID: "345", Prop: "STATUS", Value: "RECEIVED"}},
		{"#7 CHATMESSAGE 345 BODY hi\nthere  with  spaces", skypeapi.Message{Tag: "7", Object: "CHATMESSAGE", ID: "345", Prop: "BODY", Value: "hi\nthere  with  spaces"}},
		{"#7 CHATMESSAGE 345 BODY ", skypeapi.Message{Tag: "7", Object: "CHATMESSAGE", ID: "345", Prop: "BODY"}},
		{"CHAT #alice/$6a072ce5537c4044 ACTIVITY_TIMESTAMP 1375219600",
			skypeapi.Message{Object: "CHAT", ID: "#alice/$6a072ce5537c4044", Prop: "ACTIVITY_TIMESTAMP", Value: "1375219600"}},
		{"CHAT #alice/$6a072ce5537c4044 OPENED", skypeapi.Message{Object: "CHAT", ID: "#alice/$6a072ce5537c4044", Prop: "OPENED"}},
		{"chatmessage 1 status read", skypeapi.Message{Object: "CHATMESSAGE", ID: "1", Prop: "STATUS", Value: "read"}},
		{"#9 ERROR 105 Invalid chat name", skypeapi.Message{Tag: "9", Object: "ERROR", Err: &skypeapi.Error{Code: 105, Text: "Invalid chat name"}}},
		{"ERROR 68", skypeapi.Message{Object: "ERROR", Err: &skypeapi.Error{Code: 68}}},
		{"ERROR oops", skypeapi.Message{Object: "ERROR", Err: &skypeapi.Error{Code: -1, Text: "oops"}}},
		{"CURRENTUSERHANDLE alice\x00", skypeapi.Message{Object: "CURRENTUSERHANDLE", Value: "alice"}},
		{"  USER bob FULLNAME Bob Smith", skypeapi.Message{Object: "USER", ID: "bob", Prop: "FULLNAME", Value: "Bob Smith"}},
		{"", skypeapi.Message{}},
		{"#", skypeapi.Message{}},
		{"#5", skypeapi.Message{Tag: "5"}},
	}
	for _, tt := range tests {
		if got := skypeapi.Parse(tt.in); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Parse(%q) = %+v, want %+v", tt.in, got, tt.want)
		}
	}
}

func TestIDs(t *testing.T) {
	for in, want := range map[string][]string{
		"1, 2, 3":              {"1", "2", "3"},
		"alice bob live:carol": {"alice", "bob", "live:carol"},
		"":                     nil,
		" 7 ,8,, 9 ":           {"7", "8", "9"},
	} {
		if got := skypeapi.IDs(in); !slices.Equal(got, want) {
			t.Errorf("IDs(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestCommand(t *testing.T) {
	if got := skypeapi.Command("4", "GET", "CHAT", "#a/$b", "TOPIC"); got != "#4 GET CHAT #a/$b TOPIC" {
		t.Errorf("got %q", got)
	}
	if got := skypeapi.Command("", "PING"); got != "PING" {
		t.Errorf("got %q", got)
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"#1 PROTOCOL 8", "CHATMESSAGE 1 BODY x\ny", "ERROR 105 x", "#", "CHAT  ", "\x00\x00", "#a ERROR", "ERROR 99999999999999999999 x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		m := skypeapi.Parse(s)
		if m.Object == "ERROR" && m.Err == nil {
			t.Errorf("Parse(%q): ERROR without Err", s)
		}
		// Nothing of the text is lost: the value is a suffix of the input.
		if m.Value != "" && !strings.HasSuffix(strings.TrimRight(s, "\x00"), m.Value) {
			t.Errorf("Parse(%q): value %q is not the text's tail", s, m.Value)
		}
		if utf8.ValidString(s) && !utf8.ValidString(m.Value) {
			t.Errorf("Parse(%q): value %q is not valid UTF-8", s, m.Value)
		}
	})
}
