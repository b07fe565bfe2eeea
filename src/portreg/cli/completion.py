"""``portreg completion bash|zsh|fish``: a script that completes portreg at the prompt.

The scripts are written from the commands' own parsers, so they offer exactly the
commands and options ``--help`` lists, and the values those take (transports, range
classes, choices). Service names come from the registry in use, asked at the moment
of completing: ``portreg completion --service-names PREFIX`` prints the names that
start with PREFIX (any case), one a line, reading only the snapshot's table of names
when the packaged registry is in use.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from portreg.cli._console import Console, UsageError

__all__ = ["DESCRIPTION", "EXAMPLES", "SHELLS", "configure", "run", "script", "service_names"]

DESCRIPTION = """\
Print a script that completes portreg in your shell: its commands, their options and
the values those take, and service names from the registry (portreg htt<TAB> offers
http, https, ...). Load it from the shell's start-up file, as the examples show."""

EXAMPLES = """\
examples:
  eval "$(portreg completion bash)"                    in ~/.bashrc
  eval "$(portreg completion zsh)"                     in ~/.zshrc, after compinit
  portreg completion fish > ~/.config/fish/completions/portreg.fish
"""

SHELLS = ("bash", "zsh", "fish")


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "shell", nargs="?", choices=SHELLS, metavar="SHELL", help="bash, zsh or fish"
    )
    # What the scripts call to complete a service name; not for people.
    parser.add_argument("--service-names", metavar="PREFIX", help=argparse.SUPPRESS)


def run(args: argparse.Namespace, console: Console) -> int:
    console.width = None  # for the shell, not for people: lines go out whole
    if args.service_names is not None:
        names = service_names(args.service_names)
        console.lines(names)  # registry text: neutralised as every line is
        return 0 if names else 1
    if args.shell is None:
        raise UsageError("name the shell to complete in: bash, zsh or fish")
    console.stream.write(script(args.shell))  # portreg's own text, written as it is
    return 0


# -- service names ----------------------------------------------------------------------


def service_names(prefix: str) -> list[str]:
    """The registry's service names that start with ``prefix``, in any case, sorted."""
    from portreg.lookups.in_use import registry

    # The name index comes from the registry's tables: no record is decoded.
    names: Iterable[str | None] = registry().service_names()
    wanted = prefix.strip().lower()
    found: dict[str, str] = {}
    for name in names:
        if name and name.lower().startswith(wanted):
            found.setdefault(name.lower(), name)
    return sorted(found.values(), key=str.lower)


# -- what the scripts complete ------------------------------------------------------------


class _Option(NamedTuple):
    names: tuple[str, ...]
    #: None for a flag; the words it takes otherwise (empty: any value, not completed).
    values: tuple[str, ...] | None
    help: str


class _Grammar(NamedTuple):
    commands: tuple[tuple[str, str], ...]  # name, summary
    options: dict[str, tuple[_Option, ...]]  # by command name
    valued: dict[str, tuple[str, ...]]  # every option that takes a value: its words


def _grammar() -> _Grammar:
    import portreg
    from portreg.cli._app import build_parser
    from portreg.cli._commands import COMMANDS

    vocabulary = {
        "protocol": tuple(p.value for p in portreg.Protocol),
        "range_class": tuple(r.value for r in portreg.RangeClass),
    }
    options: dict[str, tuple[_Option, ...]] = {}
    valued: dict[str, tuple[str, ...]] = {}
    for command in COMMANDS:
        parser = build_parser(command, f"portreg {command.name}")
        found = []
        for action in parser._actions:
            if not action.option_strings or action.help == argparse.SUPPRESS:
                continue
            values: tuple[str, ...] | None = None
            if action.nargs != 0:
                values = tuple(action.choices or vocabulary.get(action.dest, ()))
                valued.update(dict.fromkeys(action.option_strings, values))
            help_text = " ".join((action.help or "").split())
            found.append(_Option(tuple(action.option_strings), values, help_text))
        options[command.name] = tuple(found)
    commands = tuple((command.name, command.summary) for command in COMMANDS)
    return _Grammar(commands, options, valued)


def script(shell: str) -> str:
    """The completion script for ``shell``: bash, zsh or fish."""
    grammar = _grammar()
    if shell == "bash":
        return _bash(grammar)
    if shell == "zsh":
        return _zsh(grammar)
    if shell == "fish":
        return _fish(grammar)
    raise UsageError(f"the shells completed are bash, zsh and fish; got {shell!r}")


def _words(options: Sequence[_Option]) -> str:
    return " ".join(name for option in options for name in option.names)


def _option_cases(grammar: _Grammar, indent: str, assign: str) -> str:
    # The options of each command; an unnamed command is the default one, lookup.
    lines = []
    default = grammar.commands[0][0]
    for name, _ in grammar.commands:
        pattern = f"''|{name}" if name == default else name
        lines.append(f"{indent}{pattern}) {assign.format(_words(grammar.options[name]))} ;;")
    return "\n".join(lines)


def _value_cases(grammar: _Grammar, indent: str, offer: str, free: str) -> str:
    by_words: dict[tuple[str, ...], list[str]] = {}
    for name, values in grammar.valued.items():
        by_words.setdefault(values, []).append(name)
    lines = []
    for values, names in by_words.items():
        action = offer.format(" ".join(values)) if values else free
        lines.append(f"{indent}{'|'.join(names)}) {action} ;;")
    return "\n".join(lines)


_BASH = r"""# bash completion for portreg: eval "$(portreg completion bash)", in ~/.bashrc say.
_portreg() {
    local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}
    local command="" word i positionals=0
    local commands="@COMMANDS@"
    for ((i = 1; i < COMP_CWORD; i++)); do
        word=${COMP_WORDS[i]}
        case $word in
            @VALUED@) ((i++)) ;;
            -*) ;;
            *)
                if [[ -z $command && $positionals -eq 0 && " $commands " == *" $word "* ]]; then
                    command=$word
                else
                    ((positionals++))
                fi
                ;;
        esac
    done
    COMPREPLY=()
    case $prev in
@VALUE_CASES@
    esac
    if [[ $cur == -* ]]; then
        local options=""
        case $command in
@OPTION_CASES@
        esac
        COMPREPLY=($(compgen -W "$options" -- "$cur"))
        return 0
    fi
    case $command in
        ""|lookup)
            if [[ -z $command && $positionals -eq 0 ]]; then
                COMPREPLY=($(compgen -W "$commands" -- "$cur"))
            fi
            if [[ -n $cur && $cur != [0-9]* ]]; then
                local name
                while IFS= read -r name; do
                    COMPREPLY+=("$name")
                done < <(command portreg completion --service-names "$cur" 2>/dev/null)
            fi
            ;;
        diff) COMPREPLY=($(compgen -W "packaged cached" -- "$cur") $(compgen -f -- "$cur")) ;;
        completion) COMPREPLY=($(compgen -W "@SHELLS@" -- "$cur")) ;;
    esac
    return 0
}
complete -F _portreg portreg
"""


def _bash(grammar: _Grammar) -> str:
    return (
        _BASH.replace("@COMMANDS@", " ".join(name for name, _ in grammar.commands))
        .replace("@VALUED@", "|".join(grammar.valued))
        .replace(
            "@VALUE_CASES@",
            _value_cases(
                grammar,
                " " * 8,
                'COMPREPLY=($(compgen -W "{}" -- "$cur")); return 0',
                "return 0",
            ),
        )
        .replace("@OPTION_CASES@", _option_cases(grammar, " " * 12, 'options="{}"'))
        .replace("@SHELLS@", " ".join(SHELLS))
    )


_ZSH = r"""#compdef portreg
# zsh completion for portreg: eval "$(portreg completion zsh)" in ~/.zshrc, after
# compinit; or save it as _portreg in a directory of $fpath.
_portreg() {
    local cur=${words[CURRENT]} prev=${words[CURRENT-1]}
    local command="" word i positionals=0
    local -a commands options names
    commands=(@COMMANDS@)
    for (( i = 2; i < CURRENT; i++ )); do
        word=${words[i]}
        case $word in
            @VALUED@) (( i++ )) ;;
            -*) ;;
            *)
                if [[ -z $command && $positionals -eq 0 && ${commands[(Ie)$word]} -gt 0 ]]; then
                    command=$word
                else
                    (( positionals++ ))
                fi
                ;;
        esac
    done
    case $prev in
@VALUE_CASES@
    esac
    if [[ $cur == -* ]]; then
        case $command in
@OPTION_CASES@
        esac
        compadd -- $options
        return
    fi
    case $command in
        ''|lookup)
            if [[ -z $command && $positionals -eq 0 ]]; then
                compadd -- $commands
            fi
            if [[ -n $cur && $cur != [0-9]* ]]; then
                names=(${(f)"$(command portreg completion --service-names $cur 2>/dev/null)"})
                compadd -- $names
            fi
            ;;
        diff) compadd -- packaged cached; _files ;;
        completion) compadd -- @SHELLS@ ;;
    esac
}
if [[ ${zsh_eval_context[-1]} == loadautofunc ]]; then
    _portreg "$@"
else
    compdef _portreg portreg
fi
"""


def _zsh(grammar: _Grammar) -> str:
    return (
        _ZSH.replace("@COMMANDS@", " ".join(name for name, _ in grammar.commands))
        .replace("@VALUED@", "|".join(grammar.valued))
        .replace("@VALUE_CASES@", _value_cases(grammar, " " * 8, "compadd -- {}; return", "return"))
        .replace("@OPTION_CASES@", _option_cases(grammar, " " * 12, "options=({})"))
        .replace("@SHELLS@", " ".join(SHELLS))
    )


_FISH = r"""# fish completion for portreg:
#   portreg completion fish > ~/.config/fish/completions/portreg.fish
function __portreg_command --description 'The command on the line, lookup for a query, or none'
    set -l skip 0
    for token in (commandline -opc)[2..-1]
        if test $skip -eq 1
            set skip 0
            continue
        end
        switch $token
            case @VALUED@
                set skip 1
            case '-*'
            case @COMMANDS@
                echo $token
                return
            case '*'
                echo lookup
                return
        end
    end
    echo none
end

function __portreg_is --description 'Whether the command on the line is one of those named'
    contains -- (__portreg_command) $argv
end

function __portreg_service_names --description 'Service names that start with the word'
    set -l word (commandline -ct)
    if test -n "$word"; and not string match -qr '^[0-9]' -- $word
        command portreg completion --service-names $word 2>/dev/null
    end
end

complete -c portreg -f
@COMMAND_LINES@
complete -c portreg -n '__portreg_is none lookup' -a '(__portreg_service_names)'
complete -c portreg -n '__portreg_is diff' -F -a 'packaged cached'
complete -c portreg -n '__portreg_is completion' -a '@SHELLS@'
@OPTION_LINES@
"""


def _fish_quote(text: str) -> str:
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


def _fish(grammar: _Grammar) -> str:
    default = grammar.commands[0][0]
    command_lines = [
        f"complete -c portreg -n '__portreg_is none' -a {name} -d {_fish_quote(summary)}"
        for name, summary in grammar.commands
    ]
    option_lines = []
    for name, _ in grammar.commands:
        when = f"'__portreg_is none {name}'" if name == default else f"'__portreg_is {name}'"
        for option in grammar.options[name]:
            flags = " ".join(
                f"-l {flag[2:]}" if flag.startswith("--") else f"-s {flag[1:]}"
                for flag in option.names
            )
            if option.values is not None:
                flags += " -x"
                if option.values:
                    flags += f" -a {_fish_quote(' '.join(option.values))}"
            described = option.help.split("; ")[0]
            option_lines.append(
                f"complete -c portreg -n {when} {flags} -d {_fish_quote(described)}"
            )
    return (
        _FISH.replace("@VALUED@", " ".join(_fish_quote(name) for name in grammar.valued))
        .replace("@COMMANDS@", " ".join(name for name, _ in grammar.commands))
        .replace("@COMMAND_LINES@", "\n".join(command_lines))
        .replace("@OPTION_LINES@", "\n".join(option_lines))
        .replace("@SHELLS@", " ".join(SHELLS))
    )
