// Command healthcheck-runner runs an Argo CD resource health script the way Argo CD does: in gopher-lua (Lua 5.1),
// with the resource as the global `obj`, taking the table the script returns as the health.
//
// Usage: healthcheck-runner SCRIPT.lua OBJECT.json
//
// It prints {"status": ..., "message": ...} and exits 0, or prints the error and exits 1 when the script fails or
// returns no valid health status. Only the base, table and string libraries are opened: a subset of what Argo CD
// offers a script, so a script that passes here needs nothing Argo CD lacks.
package main

import (
	"encoding/json"
	"fmt"
	"os"
	"sort"

	lua "github.com/yuin/gopher-lua"
)

// Argo CD's health statuses.
var statuses = map[string]bool{
	"Healthy": true, "Progressing": true, "Degraded": true, "Suspended": true, "Missing": true, "Unknown": true,
}

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: healthcheck-runner SCRIPT.lua OBJECT.json")
		os.Exit(2)
	}
	health, err := run(os.Args[1], os.Args[2])
	if err != nil {
		fmt.Fprintln(os.Stderr, "healthcheck-runner:", err)
		os.Exit(1)
	}
	out, _ := json.Marshal(health)
	fmt.Println(string(out))
}

type health struct {
	Status  string `json:"status"`
	Message string `json:"message"`
}

func run(scriptPath, objectPath string) (*health, error) {
	script, err := os.ReadFile(scriptPath)
	if err != nil {
		return nil, err
	}
	data, err := os.ReadFile(objectPath)
	if err != nil {
		return nil, err
	}
	var object interface{}
	if err := json.Unmarshal(data, &object); err != nil {
		return nil, fmt.Errorf("%s: %v", objectPath, err)
	}
	if _, ok := object.(map[string]interface{}); !ok {
		return nil, fmt.Errorf("%s: not a JSON object", objectPath)
	}

	l := lua.NewState(lua.Options{SkipOpenLibs: true})
	defer l.Close()
	for _, lib := range []struct {
		name string
		open lua.LGFunction
	}{
		{lua.BaseLibName, lua.OpenBase},
		{lua.TabLibName, lua.OpenTable},
		{lua.StringLibName, lua.OpenString},
	} {
		l.Push(l.NewFunction(lib.open))
		l.Push(lua.LString(lib.name))
		l.Call(1, 0)
	}
	l.SetGlobal("obj", toLua(l, object))
	if err := l.DoString(string(script)); err != nil {
		return nil, err
	}
	table, ok := l.Get(-1).(*lua.LTable)
	if !ok {
		return nil, fmt.Errorf("the script returned %s, not a table", l.Get(-1).Type())
	}
	h := &health{Status: lua.LVAsString(table.RawGetString("status")),
		Message: lua.LVAsString(table.RawGetString("message"))}
	if !statuses[h.Status] {
		return nil, fmt.Errorf("the script returned the health status %q, which Argo CD does not know", h.Status)
	}
	return h, nil
}

// toLua turns decoded JSON into Lua values as Argo CD does for a resource: objects and arrays become tables
// (arrays indexed from 1), numbers become numbers, null becomes nil.
func toLua(l *lua.LState, value interface{}) lua.LValue {
	switch v := value.(type) {
	case nil:
		return lua.LNil
	case bool:
		return lua.LBool(v)
	case float64:
		return lua.LNumber(v)
	case string:
		return lua.LString(v)
	case []interface{}:
		table := l.NewTable()
		for _, item := range v {
			table.Append(toLua(l, item))
		}
		return table
	case map[string]interface{}:
		table := l.NewTable()
		keys := make([]string, 0, len(v))
		for key := range v {
			keys = append(keys, key)
		}
		sort.Strings(keys)
		for _, key := range keys {
			table.RawSetString(key, toLua(l, v[key]))
		}
		return table
	default:
		panic(fmt.Sprintf("unexpected JSON value %T", value))
	}
}
