// Package tui is the review app: a bubbletea program in which a parent
// browses their photos, sees what each gives away and the advice for the
// audience they have in mind, fixes the masks (toggle, restyle, add, move,
// resize, delete), and saves safe copies.
//
// The root Model (app.go) owns the session (the photos and the parent's
// edits, the language, the audience, the window's size) and four screens:
// browse (browse.go), review (review.go, mouse.go), export (export.go) and
// the folder picker (picker.go). It shows one screen at a time and hands
// it the messages it does not handle itself. Each screen's update is given
// the session and returns its own model and a command; to change screen or
// audience it sends a message (openReviewMsg, backToBrowseMsg,
// openExportMsg, openPickerMsg, folderPickedMsg, nextAudienceMsg) that the
// root handles. The keys (L, ?, ctrl+c) that work everywhere are the
// root's.
//
// Update and View read nothing from disk. Init's command looks for the
// photos (photo.Collect) and starts the engine's run over them; each photo
// checked comes back through a command waiting on the run (scannedMsg);
// previews are drawn in commands; the export looks at the folder in a
// command (exportSortedMsg) and writes on a goroutine whose results come
// back through commands too. Quitting cancels all of it. The app never
// shows an unmasked face unless the parent asks for the original (it may
// be projected in a classroom).
package tui
