package skypesim

import (
	"context"
	"errors"
	"sort"
	"strconv"
	"time"
)

// timedEvent is a point on the script's timeline: a step, or Skype coming
// back after a disconnect.
type timedEvent struct {
	at   time.Duration
	step *Step // nil: Skype comes back
}

// Run plays the script. Times count from the first successful attach, so
// Run first waits for one. It returns nil when the script is done, or the
// context's error when ctx ends first (bringing Skype back if it was away).
func (s *Skype) Run(ctx context.Context) error {
	s.mu.Lock()
	if s.running {
		s.mu.Unlock()
		return errors.New("skypesim: Run called twice")
	}
	s.running = true
	events := s.timeline()
	s.mu.Unlock()

	select {
	case <-s.attached:
	case <-ctx.Done():
		return ctx.Err()
	}
	s.mu.Lock()
	start := s.attachedAt
	s.mu.Unlock()

	for _, ev := range events {
		if err := sleepUntil(ctx, start.Add(ev.at)); err != nil {
			s.mu.Lock()
			if s.away > 0 {
				s.away = 1
				s.comeBack()
			}
			s.mu.Unlock()
			return err
		}
		s.mu.Lock()
		if ev.step == nil {
			s.comeBack()
		} else {
			s.apply(ev.step)
		}
		s.mu.Unlock()
	}
	return nil
}

// timeline orders the steps and the returns from disconnects by time; a
// return comes before a step due at the same moment.
func (s *Skype) timeline() []timedEvent {
	var evs []timedEvent
	for i := range s.script {
		st := &s.script[i]
		at := time.Duration(st.AfterMS) * time.Millisecond
		evs = append(evs, timedEvent{at: at, step: st})
		if st.DisconnectMS > 0 {
			evs = append(evs, timedEvent{at: at + time.Duration(st.DisconnectMS)*time.Millisecond})
		}
	}
	sort.SliceStable(evs, func(i, j int) bool {
		if evs[i].at != evs[j].at {
			return evs[i].at < evs[j].at
		}
		return evs[i].step == nil && evs[j].step != nil
	})
	return evs
}

func sleepUntil(ctx context.Context, t time.Time) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	d := time.Until(t)
	if d <= 0 {
		return nil
	}
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-timer.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// apply plays one step. Called with s.mu held.
func (s *Skype) apply(st *Step) {
	if st.Message != nil {
		s.addMessage(st.Chat, *st.Message)
	}
	if e := st.Edit; e != nil {
		chat := e.Chat
		if chat == "" {
			chat = st.Chat
		}
		s.edit(chat, e.Index, e.Body)
	}
	if st.DisconnectMS > 0 {
		s.goAway()
	}
}

// addMessage appends a message to a chat and notifies it as a real client
// does (spec 3.6); while Skype is away it joins the history silently.
func (s *Skype) addMessage(chat string, wm WorldMessage) {
	c := s.byName[chat]
	if c == nil {
		return
	}
	messageDefaults(&wm, s.user)
	if wm.TS == 0 {
		wm.TS = s.opts.Clock().Unix()
	}
	m := &messageState{WorldMessage: wm, chat: c}
	c.msgs = append(c.msgs, m)
	c.touched = true
	if s.away > 0 {
		return // it gets an id when Skype comes back
	}
	s.assignID(m)
	if m.id == 0 {
		return
	}
	id := "CHATMESSAGE " + strconv.Itoa(m.id) + " STATUS "
	if m.From == s.user {
		s.notify(c, id+"SENDING")
	}
	s.notify(c, id+m.Status, "CHAT "+c.Name+" ACTIVITY_TIMESTAMP "+strconv.FormatInt(c.activity(), 10))
}

// edit changes a message's body; an empty body deletes it (spec 3.5).
func (s *Skype) edit(chat string, index int, body string) {
	c := s.byName[chat]
	if c == nil || index < 0 || index >= len(c.msgs) {
		return
	}
	m := c.msgs[index]
	m.Body = body
	m.EditedBy = m.From
	m.EditedTS = s.opts.Clock().Unix()
	c.touched = true
	if m.id == 0 {
		return
	}
	id := "CHATMESSAGE " + strconv.Itoa(m.id) + " "
	s.notify(c,
		id+"EDITED_TIMESTAMP "+strconv.FormatInt(m.EditedTS, 10),
		id+"EDITED_BY "+m.EditedBy,
		propReply("CHATMESSAGE", strconv.Itoa(m.id), "BODY", body))
}

// goAway makes Skype vanish: the connection closes and Connect waits.
func (s *Skype) goAway() {
	s.away++
	if s.away > 1 {
		return
	}
	s.back = make(chan struct{})
	if s.conn != nil {
		s.conn.hangUp()
		s.conn = nil
	}
	for _, c := range s.chats {
		for _, m := range c.msgs {
			m.id = 0
		}
	}
	s.byID = map[int]*messageState{}
}

// comeBack ends one disconnect; when none is left, Skype returns with new
// message ids, as a restarted Skype does.
func (s *Skype) comeBack() {
	if s.away == 0 {
		return
	}
	s.away--
	if s.away > 0 {
		return
	}
	s.renumber()
	close(s.back)
	s.back = nil
}
