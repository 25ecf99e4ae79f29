module aurora.dev/pause

go 1.21
