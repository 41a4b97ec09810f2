// Package tui is the review app: a bubbletea program in which a parent
// browses their photos, sees what each gives away and the advice for the
// audience they have in mind, fixes the masks (toggle, restyle, add, move,
// resize, delete), and saves safe copies.
//
// The root model (app.go) routes messages to one screen at a time: browse,
// review, export and the folder picker. Disk work, detection, previews and
// exports run only inside tea.Cmd functions. The app never shows an
// unmasked face unless the parent asks for the original (it may be
// projected in a classroom).
package tui
