// Package advise turns a detect.Report into advice a parent can act on: for
// the audience the photo is meant for, an overall level and the risks, each
// with a plain explanation, the fix, and the source of any figure it quotes.
//
// Assess is a pure function. It reads only detect.Report.
package advise
