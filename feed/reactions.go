package feed

import (
	"cmp"
	"context"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/chatchannels/chatchannels/store"
)

// reactionView is one emotion under a message: its emoji, how many people
// chose it, and who they are (for a title).
type reactionView struct {
	Emoji string
	Count int
	Who   string
}

// reactions reads the reactions to a page's messages and groups each
// message's by emotion, in the order they were first chosen. People are
// named as they are on the page, where they wrote on it.
func (s *Server) reactions(ctx context.Context, msgs []store.Message) (map[int64][]reactionView, error) {
	ids := make([]int64, len(msgs))
	names := map[string]string{}
	for i, m := range msgs {
		ids[i] = m.ID
		names[m.Author] = displayName(m)
	}
	byMessage, err := s.Store.Reactions(ctx, ids)
	if err != nil || len(byMessage) == 0 {
		return nil, err
	}
	out := make(map[int64][]reactionView, len(byMessage))
	for id, rs := range byMessage {
		out[id] = groupReactions(rs, names)
	}
	return out, nil
}

// groupReactions groups a message's reactions by emotion, in the order
// they were first chosen, naming people by names where it has them.
func groupReactions(rs []store.Reaction, names map[string]string) []reactionView {
	var views []reactionView
	var who [][]string
	index := map[string]int{}
	for _, r := range rs {
		i, ok := index[r.Emotion]
		if !ok {
			i = len(views)
			index[r.Emotion] = i
			views = append(views, reactionView{Emoji: emotionEmoji(r.Emotion)})
			who = append(who, nil)
		}
		views[i].Count++
		who[i] = append(who[i], cmp.Or(names[r.User], cleanName(r.User)))
	}
	for i := range views {
		views[i].Who = strings.Join(who[i], ", ")
	}
	return views
}

// skypeEmotions are the emoji of Skype's reaction keys.
var skypeEmotions = map[string]string{
	"like": "👍", "yes": "👍", "no": "👎", "heart": "❤️", "laugh": "😆", "surprised": "😮", "sad": "😢",
	"cry": "😢", "angry": "😠", "smile": "🙂", "wink": "😉", "kiss": "😘", "cool": "😎", "hi": "👋",
	"wave": "👋", "clap": "👏", "ok": "👌", "party": "🎉", "fire": "🔥", "star": "⭐", "think": "🤔",
}

// emotionEmoji shows a reaction key: a known Skype key as its emoji, a
// code like "1f440_eyes" as the code points it names, anything else as
// "(key)".
func emotionEmoji(key string) string {
	if e, ok := skypeEmotions[strings.ToLower(key)]; ok {
		return e
	}
	if e := codePoints(key); e != "" {
		return e
	}
	key = cleanXML(key)
	if utf8.RuneCountInString(key) > 24 {
		key = string([]rune(key)[:24]) + "…"
	}
	return "(" + key + ")"
}

// codePoints reads the leading hexadecimal code points of a key such as
// "1f440_eyes" or "1f1ea-1f1ea_flag"; "" when it has none.
func codePoints(key string) string {
	hex, _, _ := strings.Cut(key, "_")
	var b strings.Builder
	for part := range strings.SplitSeq(hex, "-") {
		n, err := strconv.ParseUint(part, 16, 32)
		if err != nil || len(part) < 4 || n < 0x2000 || n > utf8.MaxRune || !utf8.ValidRune(rune(n)) {
			return ""
		}
		b.WriteRune(rune(n))
	}
	return b.String()
}
