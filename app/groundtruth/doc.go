// Package groundtruth proves the archive against a ground truth. Its test
// generates a multi-source world (skypeapi/synth/multisource), imports every
// account's main.db and export in a seeded random order, imports some again,
// collects the live Skype through the simulator, and asserts that the
// archive holds exactly the world: each conversation as one chat, each
// message once in its own chat, with its versions and deletions.
//
// A few seeds run in go test ./...; a sweep takes -groundtruth.seeds:
//
//	go test ./app/groundtruth -groundtruth.seeds 500
//
// The package has no code outside its tests.
package groundtruth
