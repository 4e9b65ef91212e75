package main

import (
	"flag"
	"fmt"
)

func main() {
	model := flag.String("model", "gpt-4o", "the model the worker asks")
	flag.Parse()
	fmt.Println("starting with", *model)
}
