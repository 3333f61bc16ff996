package app

import (
	"context"
	"flag"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
)

var completionCommand = &command{
	name:    "completion",
	args:    "bash|powershell",
	summary: "print a script that completes commands and flags in bash or PowerShell",
	details: `bash: add to ~/.bashrc
  source <(chatchannels completion bash)
PowerShell: add to your $PROFILE
  chatchannels completion powershell | Out-String | Invoke-Expression`,
	examples: []string{"completion bash", "completion powershell"},
	define: func(*flag.FlagSet) runFunc {
		return func(ctx context.Context, e *env, args []string) error {
			if len(args) != 1 {
				return usagef("name the shell: bash or powershell")
			}
			switch args[0] {
			case "bash":
				return writeCompletion(e.stdout, bashCompletion)
			case "powershell", "pwsh":
				return writeCompletion(e.stdout, powershellCompletion)
			}
			return usagef("no completion for %q; bash or powershell", args[0])
		}
	},
}

// completionWords is what completes where: the commands, and per command
// its flags, the flags that take a value, and the words its first argument
// may be (none: file names).
type completionWords struct {
	commands   []string
	flags      map[string][]string
	valueFlags map[string][]string
	firstArgs  map[string][]string
}

// words gathers the completion words from the command table.
func words() completionWords {
	w := completionWords{flags: map[string][]string{}, valueFlags: map[string][]string{}, firstArgs: map[string][]string{
		"chats": {"add", "remove"}, "completion": {"bash", "powershell"},
	}}
	for _, c := range commands {
		w.commands = append(w.commands, c.name)
		fs, _ := c.flagSet()
		fs.VisitAll(func(f *flag.Flag) {
			if slices.Contains(c.hidden, f.Name) {
				return
			}
			w.flags[c.name] = append(w.flags[c.name], "--"+f.Name)
			if !isBoolFlag(f) {
				w.valueFlags[c.name] = append(w.valueFlags[c.name], "--"+f.Name)
			}
		})
		w.flags[c.name] = append(w.flags[c.name], "--help")
	}
	w.firstArgs["help"] = w.commands
	return w
}

func writeCompletion(w io.Writer, script func(completionWords) string) error {
	_, err := io.WriteString(w, script(words()))
	return err
}

// bashCompletion is the bash script: `complete -F` with a function that
// finds the command among the words typed and offers its flags or its first
// argument's words; otherwise bash completes file names.
func bashCompletion(w completionWords) string {
	var b strings.Builder
	b.WriteString(`# bash completion for chatchannels; source <(chatchannels completion bash)
_chatchannels() {
    local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}
    local cmd= argc=0 i
    for ((i = 1; i < COMP_CWORD; i++)); do
        case ${COMP_WORDS[i]} in
        --data) ((i++)) ;;
        --) break ;;
        -*) ;;
        *) if [[ -z $cmd ]]; then cmd=${COMP_WORDS[i]}; else ((argc++)); fi ;;
        esac
    done
    if [[ $prev == --data ]]; then
        COMPREPLY=($(compgen -d -- "$cur"))
        return
    fi
    local flags= value= first=
    case $cmd in
    '') COMPREPLY=($(compgen -W "`)
	b.WriteString(strings.Join(w.commands, " ") + ` --data --help --version" -- "$cur"))
        return ;;
`)
	for _, name := range w.commands {
		fmt.Fprintf(&b, "    %s) flags=%q value=%q first=%q ;;\n", name, strings.Join(w.flags[name], " "),
			strings.Join(w.valueFlags[name], " "), strings.Join(w.firstArgs[name], " "))
	}
	b.WriteString(`    esac
    local f
    for f in $value; do
        if [[ $prev == "$f" ]]; then return; fi
    done
    if [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W "$flags" -- "$cur"))
    elif [[ -n $first && $argc == 0 ]]; then
        COMPREPLY=($(compgen -W "$first" -- "$cur"))
    fi
}
complete -o default -F _chatchannels chatchannels chatchannels.exe
`)
	return b.String()
}

// powershellCompletion is the PowerShell script: a native argument
// completer doing what the bash one does; with nothing to offer,
// PowerShell completes file names.
func powershellCompletion(w completionWords) string {
	var b strings.Builder
	b.WriteString(`# PowerShell completion for chatchannels; chatchannels completion powershell | Out-String | Invoke-Expression
Register-ArgumentCompleter -Native -CommandName chatchannels, chatchannels.exe -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)
    $commands = @(`)
	b.WriteString(psList(w.commands) + ")\n    $flags = @{\n")
	for _, name := range slices.Sorted(maps.Keys(w.flags)) {
		fmt.Fprintf(&b, "        '%s' = @(%s)\n", name, psList(w.flags[name]))
	}
	b.WriteString("    }\n    $value = @{\n")
	for _, name := range slices.Sorted(maps.Keys(w.valueFlags)) {
		fmt.Fprintf(&b, "        '%s' = @(%s)\n", name, psList(w.valueFlags[name]))
	}
	b.WriteString("    }\n    $first = @{\n")
	for _, name := range slices.Sorted(maps.Keys(w.firstArgs)) {
		fmt.Fprintf(&b, "        '%s' = @(%s)\n", name, psList(w.firstArgs[name]))
	}
	b.WriteString(`    }
    $words = @($commandAst.CommandElements | Select-Object -Skip 1 | ForEach-Object { $_.ToString() })
    if ($wordToComplete -ne '' -and $words.Count -gt 0) { $words = @($words | Select-Object -SkipLast 1) }
    $cmd = ''; $argc = 0; $prev = ''
    for ($i = 0; $i -lt $words.Count; $i++) {
        $w = $words[$i]; $prev = $w
        if ($w -eq '--data' -and $i + 1 -lt $words.Count) { $i++; $prev = $words[$i]; continue }
        if ($w.StartsWith('-')) { continue }
        if ($cmd -eq '') { $cmd = $w } else { $argc++ }
    }
    if ($prev -eq '--data') { return }
    if ($cmd -ne '' -and $value.ContainsKey($cmd) -and $value[$cmd] -contains $prev) { return }
    if ($cmd -eq '') {
        $offer = $commands + @('--data', '--help', '--version')
    } elseif ($wordToComplete.StartsWith('-')) {
        $offer = $flags[$cmd]
    } elseif ($argc -eq 0 -and $first.ContainsKey($cmd)) {
        $offer = $first[$cmd]
    } else {
        return
    }
    $offer | Where-Object { $_ -like "$wordToComplete*" } | ForEach-Object {
        [System.Management.Automation.CompletionResult]::new($_, $_, 'ParameterValue', $_)
    }
}
`)
	return b.String()
}

// psList writes words as a PowerShell list of quoted strings.
func psList(words []string) string {
	quoted := make([]string, len(words))
	for i, w := range words {
		quoted[i] = "'" + strings.ReplaceAll(w, "'", "''") + "'"
	}
	return strings.Join(quoted, ", ")
}
