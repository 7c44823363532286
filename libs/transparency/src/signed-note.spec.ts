import {
  checkpointText,
  generateNoteKey,
  openCheckpoint,
  parseCheckpointText,
  parseNote,
  parseNoteSigner,
  parseNoteVerifier,
  signatureLine,
  signCheckpoint,
  SignedNoteError,
  verifierKeyText,
  verifyNoteSignatures,
} from './signed-note';

// The example key and note of the reference implementation (golang.org/x/mod/sumdb/note): Ed25519 is
// deterministic, so a byte-for-byte match means Go's verifiers and witnesses accept our notes.
const GO_SIGNER = 'PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz';
const GO_VERIFIER = 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW';
const GO_TEXT = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
const GO_SIGNATURE = '\u2014 PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n';

describe('signed notes (c2sp.org/signed-note)', () => {
  it('reproduces the reference signature and key ID byte for byte', () => {
    const signer = parseNoteSigner(GO_SIGNER);
    expect(signer.keyId.toString('hex')).toBe('c74f20a3');
    expect(verifierKeyText(signer)).toBe(GO_VERIFIER);
    expect(signatureLine(signer, GO_TEXT)).toBe(GO_SIGNATURE);
    const note = parseNote(`${GO_TEXT}\n${GO_SIGNATURE}`);
    expect(note.text).toBe(GO_TEXT);
    expect(verifyNoteSignatures(note, [parseNoteVerifier(GO_VERIFIER)])).toHaveLength(1);
  });

  it('refuses a changed text, and ignores signatures of unknown keys', () => {
    const verifier = parseNoteVerifier(GO_VERIFIER);
    expect(() => verifyNoteSignatures(parseNote(`${GO_TEXT.replace('problem', 'problems')}\n${GO_SIGNATURE}`), [verifier])).toThrow(SignedNoteError);
    const other = parseNoteVerifier(verifierKeyText(parseNoteSigner(generateNoteKey('PeterNeumann', 'log'))));
    expect(verifyNoteSignatures(parseNote(`${GO_TEXT}\n${GO_SIGNATURE}`), [other])).toEqual([]);
  });

  it('refuses malformed keys', () => {
    expect(() => parseNoteSigner(GO_SIGNER.replace('c74f20a3', 'c74f20a4'))).toThrow(SignedNoteError);
    expect(() => parseNoteVerifier(GO_VERIFIER.slice(0, -2))).toThrow(SignedNoteError);
    expect(() => parseNoteVerifier('Peter Neumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW')).toThrow(SignedNoteError);
  });
});

describe('checkpoints and cosignatures', () => {
  const log = parseNoteSigner(generateNoteKey('registro.example/log', 'log'));
  const witness = parseNoteSigner(generateNoteKey('oic.example/witness', 'cosigner'));
  const checkpoint = { origin: 'registro.example/log', size: 20852163, rootHash: Buffer.from('CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=', 'base64') };

  it('writes the three checkpoint lines of c2sp.org/tlog-checkpoint', () => {
    expect(checkpointText(checkpoint)).toBe('registro.example/log\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n');
    expect(parseCheckpointText(checkpointText(checkpoint))).toEqual(checkpoint);
    expect(() => parseCheckpointText('registro.example/log\n01\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n')).toThrow(SignedNoteError);
  });

  it('verifies the log signature and a timestamped cosignature over the same note', () => {
    const signed = signCheckpoint(checkpoint, log);
    const cosigned = signed + signatureLine(witness, checkpointText(checkpoint), 1679315147);
    const opened = openCheckpoint(cosigned, log, [witness]);
    expect(opened.size).toBe(20852163);
    expect(opened.signatures.map((signature) => [signature.verifier.name, signature.timestamp])).toEqual([
      ['registro.example/log', undefined],
      ['oic.example/witness', 1679315147],
    ]);
    // The cosigner's key ID uses type 0x04, so the log key never verifies as a cosigner.
    expect(witness.keyId.equals(parseNoteVerifier(verifierKeyText(witness)).keyId)).toBe(true);
  });

  it('refuses a checkpoint the log did not sign, or another origin', () => {
    const forged = signCheckpoint(checkpoint, parseNoteSigner(generateNoteKey('registro.example/log', 'log')));
    expect(() => openCheckpoint(forged, log)).toThrow(SignedNoteError);
    const otherOrigin = signCheckpoint({ ...checkpoint, origin: 'other.example/log' }, log);
    expect(() => openCheckpoint(otherOrigin, log)).toThrow(SignedNoteError);
  });
});
