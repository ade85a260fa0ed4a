# zsh -f zsh-complete.zsh FPATH_DIR: drives an interactive zsh (in a pseudo-terminal) whose fpath
# holds FPATH_DIR, types 'fsmon mon<TAB>' and 'fsmon monitor -t CR<TAB>', and checks what zsh's
# completion made of the line (exit 1 on the first miss). Each step polls the terminal's output
# for the expected text, 10 s at most.
zmodload zsh/zpty
zpty z "TERM=dumb zsh -f -i"
expect() { # expect TEXT: read the terminal until TEXT shows, or fail
  local out= chunk
  for i in {1..100}; do
    while zpty -r -t z chunk; do out+=$chunk; done
    [[ ${out//$'\r'/} == *"$1"* ]] && return 0
    sleep 0.1
  done
  print -r -- "zsh: expected '$1', got: ${out//$'\r'/}" >&2
  zpty -d z
  exit 1
}
zpty -w z "PS1='P> '; fpath=($1 \$fpath); autoload -U compinit; compinit -u -D; fsmon() { :; }; print READ''Y"
expect READY
zpty -w -n z $'fsmon mon\t'
expect 'fsmon monitor '
zpty -w -n z $'\C-u'
zpty -w -n z $'fsmon monitor -t CR\t'
expect 'fsmon monitor -t CREATE'
zpty -w -n z $'\C-u'
zpty -w -n z $'fsmon query -f js\t'
expect 'fsmon query -f json'
zpty -d z
