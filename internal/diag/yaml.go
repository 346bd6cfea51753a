package diag

import (
	"regexp"
	"strconv"
)

var yamlLine = regexp.MustCompile(`^yaml: (?:line (\d+): )?`)

// YAMLLine splits an error of gopkg.in/yaml.v3 into the line it names
// (1 when it names none) and its message without the "yaml: line N: "
// in front, for a Pos of the file that was read.
func YAMLLine(err error) (line int, msg string) {
	msg = err.Error()
	line = 1
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		if m[1] != "" {
			line, _ = strconv.Atoi(m[1])
		}
		msg = msg[len(m[0]):]
	}
	return line, msg
}
