// Command plverify checks portfolio-ledger's signed checkpoints, receipts and
// consistency proofs with the Go team's own code: golang.org/x/mod/sumdb/note
// for the signatures and golang.org/x/mod/sumdb/tlog for the RFC 6962 proofs.
// Nothing of the ledger's Python is used, so it is a second opinion.
//
// Usage:
//
//	plverify checkpoint  VERIFIER_KEY_FILE NOTE_FILE
//	plverify receipt     VERIFIER_KEY_FILE RECEIPT_JSON_FILE
//	plverify consistency VERIFIER_KEY_FILE PROOF_JSON_FILE
//
// It prints what was proven and exits 0, or prints why not and exits 1
// (2 for a usage or file error). Build without network, in GOPATH mode:
//
//	GO111MODULE=off GOPATH=$PWD/tests/go:/usr/share/gocode go build plverify
package main

import (
	"bytes"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

type receipt struct {
	Format         string   `json:"format"`
	Origin         string   `json:"origin"`
	Position       int64    `json:"position"`
	LeafIndex      int64    `json:"leaf_index"`
	TreeSize       int64    `json:"tree_size"`
	LeafData       string   `json:"leaf_data"`
	InclusionProof []string `json:"inclusion_proof"`
	Checkpoint     string   `json:"checkpoint"`
}

type consistency struct {
	Format           string   `json:"format"`
	OldCheckpoint    string   `json:"old_checkpoint"`
	NewCheckpoint    string   `json:"new_checkpoint"`
	ConsistencyProof []string `json:"consistency_proof"`
}

// checkpoint is a C2SP tlog-checkpoint body: origin, size, root hash, then
// extension lines (ours: "recorded <time>").
type checkpoint struct {
	origin     string
	size       int64
	root       tlog.Hash
	extensions []string
	recorded   *time.Time // the "recorded" line: when the last of its events was recorded
}

// recordedLayout is the recorded line's time: UTC, to the second.
const recordedLayout = "2006-01-02T15:04:05Z"

type usageError struct{ error }

func main() {
	if len(os.Args) != 4 {
		fmt.Fprintln(os.Stderr, "usage: plverify checkpoint|receipt|consistency VERIFIER_KEY_FILE FILE")
		os.Exit(2)
	}
	out, err := run(os.Args[1], os.Args[2], os.Args[3])
	if err != nil {
		var usage usageError
		if errors.As(err, &usage) {
			fmt.Fprintln(os.Stderr, "plverify:", err)
			os.Exit(2)
		}
		fmt.Println("FAILED:", err)
		os.Exit(1)
	}
	fmt.Println("OK", out)
}

func run(kind, keyFile, file string) (string, error) {
	keyText, err := os.ReadFile(keyFile)
	if err != nil {
		return "", usageError{err}
	}
	data, err := os.ReadFile(file)
	if err != nil {
		return "", usageError{err}
	}
	verifier, err := note.NewVerifier(strings.TrimSpace(string(keyText)))
	if err != nil {
		return "", fmt.Errorf("verifier key: %v", err)
	}
	switch kind {
	case "checkpoint":
		c, err := openCheckpoint(string(data), verifier)
		if err != nil {
			return "", err
		}
		return "checkpoint: " + c.describe(), nil
	case "receipt":
		return checkReceipt(data, verifier)
	case "consistency":
		return checkConsistency(data, verifier)
	}
	return "", usageError{fmt.Errorf("unknown kind %q", kind)}
}

func checkReceipt(data []byte, verifier note.Verifier) (string, error) {
	var r receipt
	if err := decodeStrict(data, &r); err != nil {
		return "", err
	}
	if r.Format != "portfolio-ledger/receipt/v1" {
		return "", fmt.Errorf("receipt format %q is not portfolio-ledger/receipt/v1", r.Format)
	}
	c, err := openCheckpoint(r.Checkpoint, verifier)
	if err != nil {
		return "", err
	}
	// The size and origin a receipt states must be its signed checkpoint's.
	if c.origin != r.Origin || c.size != r.TreeSize {
		return "", fmt.Errorf("receipt states %s with %d leaves; its checkpoint %s with %d",
			r.Origin, r.TreeSize, c.origin, c.size)
	}
	leaf, err := base64.StdEncoding.DecodeString(r.LeafData)
	if err != nil {
		return "", fmt.Errorf("leaf_data: %v", err)
	}
	proof, err := parseHashes(r.InclusionProof)
	if err != nil {
		return "", fmt.Errorf("inclusion_proof: %v", err)
	}
	if err := tlog.CheckRecord(tlog.RecordProof(proof), c.size, c.root, r.LeafIndex, tlog.RecordHash(leaf)); err != nil {
		return "", fmt.Errorf("inclusion of leaf %d in the tree of %d: %v", r.LeafIndex, c.size, err)
	}
	event, err := readRecord(leaf)
	if err != nil {
		return "", err
	}
	if r.Position != r.LeafIndex+1 || event.position != uint64(r.Position) {
		return "", fmt.Errorf("receipt states position %d at leaf index %d; the leaf is the record of position %d",
			r.Position, r.LeafIndex, event.position)
	}
	return fmt.Sprintf("receipt: position %d (aggregate %x version %d, %s) is in %s",
		event.position, event.aggregate, event.version, event.topic, c.describe()), nil
}

func checkConsistency(data []byte, verifier note.Verifier) (string, error) {
	var p consistency
	if err := decodeStrict(data, &p); err != nil {
		return "", err
	}
	if p.Format != "portfolio-ledger/consistency/v1" {
		return "", fmt.Errorf("proof format %q is not portfolio-ledger/consistency/v1", p.Format)
	}
	older, err := openCheckpoint(p.OldCheckpoint, verifier)
	if err != nil {
		return "", fmt.Errorf("old %v", err)
	}
	newer, err := openCheckpoint(p.NewCheckpoint, verifier)
	if err != nil {
		return "", fmt.Errorf("new %v", err)
	}
	proof, err := parseHashes(p.ConsistencyProof)
	if err != nil {
		return "", fmt.Errorf("consistency_proof: %v", err)
	}
	if err := tlog.CheckTree(tlog.TreeProof(proof), newer.size, newer.root, older.size, older.root); err != nil {
		return "", fmt.Errorf("consistency of %d leaves with %d: %v", older.size, newer.size, err)
	}
	// As docs/verification.md says: where both have a recorded line, one size has one
	// time, and a later size is not recorded before an earlier one.
	if older.recorded != nil && newer.recorded != nil {
		if older.size == newer.size && !older.recorded.Equal(*newer.recorded) {
			return "", fmt.Errorf("two checkpoints of %d leaves with different recorded times", older.size)
		}
		if newer.recorded.Before(*older.recorded) {
			return "", fmt.Errorf("the newer checkpoint was recorded before the older")
		}
	}
	return fmt.Sprintf("consistency: %s extends %s", newer.describe(), older.describe()), nil
}

func openCheckpoint(msg string, verifier note.Verifier) (checkpoint, error) {
	n, err := note.Open([]byte(msg), note.VerifierList(verifier))
	if err != nil {
		return checkpoint{}, fmt.Errorf("checkpoint: %v", err)
	}
	c, err := parseCheckpoint(n.Text)
	if err != nil {
		return checkpoint{}, err
	}
	if c.origin != verifier.Name() {
		return checkpoint{}, fmt.Errorf("checkpoint origin %q is not the key's name %q", c.origin, verifier.Name())
	}
	return c, nil
}

// parseCheckpoint reads a body as https://c2sp.org/tlog-checkpoint defines it.
// (tlog.ParseTree reads only the go.sum database's own first line.)
func parseCheckpoint(text string) (checkpoint, error) {
	lines := strings.Split(strings.TrimSuffix(text, "\n"), "\n")
	if !strings.HasSuffix(text, "\n") || len(lines) < 3 || lines[0] == "" {
		return checkpoint{}, errors.New("malformed checkpoint: origin, size and root hash lines expected")
	}
	size, err := strconv.ParseInt(lines[1], 10, 64)
	if err != nil || size < 0 || lines[1] != strconv.FormatInt(size, 10) {
		return checkpoint{}, fmt.Errorf("malformed checkpoint size %q", lines[1])
	}
	root, err := tlog.ParseHash(lines[2])
	if err != nil {
		return checkpoint{}, fmt.Errorf("malformed checkpoint root hash %q", lines[2])
	}
	c := checkpoint{lines[0], size, root, lines[3:], nil}
	for _, line := range lines[3:] {
		if line == "" {
			return checkpoint{}, errors.New("malformed checkpoint: empty extension line")
		}
		// A recorded line is one whose first word is "recorded" (docs/verification.md):
		// "recorded" alone is one too, with no time, and refused.
		if keyword, _, _ := strings.Cut(line, " "); keyword == "recorded" {
			stamp := strings.TrimPrefix(line, "recorded ")
			t, err := time.Parse(recordedLayout, stamp)
			if err != nil || t.Format(recordedLayout) != stamp || c.recorded != nil {
				return checkpoint{}, fmt.Errorf("malformed checkpoint: recorded line %q (one, as %s)", line, recordedLayout)
			}
			c.recorded = &t
		}
	}
	return c, nil
}

func (c checkpoint) describe() string {
	s := fmt.Sprintf("%s tree of %d leaves, root %s", c.origin, c.size, c.root)
	if len(c.extensions) > 0 {
		s += " (" + strings.Join(c.extensions, "; ") + ")"
	}
	return s
}

type event struct {
	position  uint64
	aggregate []byte
	version   uint64
	topic     string
}

// readRecord decodes record(p) of docs/verification.md: u64 position, 16-byte
// aggregate id, u64 version, u32 topic length, topic, u64 state length, state.
func readRecord(leaf []byte) (event, error) {
	bad := errors.New("leaf data is not a chain record")
	if len(leaf) < 36 {
		return event{}, bad
	}
	e := event{
		position:  binary.BigEndian.Uint64(leaf[0:8]),
		aggregate: leaf[8:24],
		version:   binary.BigEndian.Uint64(leaf[24:32]),
	}
	topicEnd := 36 + uint64(binary.BigEndian.Uint32(leaf[32:36]))
	if uint64(len(leaf)) < topicEnd+8 {
		return event{}, bad
	}
	e.topic = string(leaf[36:topicEnd])
	stateLength := binary.BigEndian.Uint64(leaf[topicEnd : topicEnd+8])
	if !utf8.ValidString(e.topic) || uint64(len(leaf))-topicEnd-8 != stateLength {
		return event{}, bad
	}
	return e, nil
}

func parseHashes(list []string) ([]tlog.Hash, error) {
	hashes := make([]tlog.Hash, len(list))
	for i, s := range list {
		h, err := tlog.ParseHash(s)
		if err != nil {
			return nil, fmt.Errorf("hash %d: %v", i, err)
		}
		hashes[i] = h
	}
	return hashes, nil
}

// decodeStrict refuses unknown fields and anything after the document.
// (encoding/json keeps the last of two equal keys; the Python side refuses them.)
func decodeStrict(data []byte, v interface{}) error {
	d := json.NewDecoder(bytes.NewReader(data))
	d.DisallowUnknownFields()
	if err := d.Decode(v); err != nil {
		return fmt.Errorf("malformed document: %v", err)
	}
	if d.More() {
		return errors.New("malformed document: data after the JSON object")
	}
	return nil
}
