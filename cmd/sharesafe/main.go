// Command sharesafe finds what a photo gives away and writes a safe copy:
// faces masked, metadata removed, original untouched. Everything runs on
// this computer; nothing is sent anywhere.
package main

import "os"

func main() { os.Exit(run(os.Args[1:], systemStreams())) }
