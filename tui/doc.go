// Package tui is the review app: a bubbletea program in which a parent
// browses photos, sees what each gives away and the advice for the chosen
// audience. Disk work and detection run only inside tea.Cmd functions.
//
// This is the first, thin version: a browse list and a details screen.
package tui
