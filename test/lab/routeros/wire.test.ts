import { expect } from "chai";
import {
  decodeLength,
  encodeLength,
  encodeSentence,
  lengthPrefixSize,
  ProtocolError,
  SentenceDecoder,
} from "../../../lab/routeros/wire";

describe("RouterOS API wire format", () => {
  describe("word lengths", () => {
    const cases: [number, string][] = [
      [0, "00"],
      [0x7f, "7f"],
      [0x80, "8080"],
      [0x3fff, "bfff"],
      [0x4000, "c04000"],
      [0x1fffff, "dfffff"],
      [0x200000, "e0200000"],
      [0xfffffff, "efffffff"],
      [0x10000000, "f010000000"],
      [0xffffffff, "f0ffffffff"],
    ];
    for (const [length, hex] of cases) {
      it(`encodes ${length} as ${hex} and decodes it back`, () => {
        const prefix = encodeLength(length);
        expect(prefix.toString("hex")).to.equal(hex);
        expect(lengthPrefixSize(prefix[0])).to.equal(prefix.length);
        expect(decodeLength(prefix)).to.equal(length);
      });
    }

    it("refuses a reserved control byte where a length should be", () => {
      expect(() => lengthPrefixSize(0xf8)).to.throw(ProtocolError, "reserved control byte 0xf8");
    });
  });

  describe("sentence decoding", () => {
    it("reads several sentences from one chunk", () => {
      const bytes = Buffer.concat([encodeSentence(["/login", "=name=admin"]), encodeSentence(["/quit"])]);
      expect(new SentenceDecoder().push(bytes)).to.deep.equal([["/login", "=name=admin"], ["/quit"]]);
    });

    it("reads a sentence fed one byte at a time", () => {
      const decoder = new SentenceDecoder();
      const bytes = encodeSentence(["/ip/address/print", "?interface=ether1", ".tag=7"]);
      const seen = [...bytes].flatMap((byte) => decoder.push(Buffer.from([byte])));
      expect(seen).to.deep.equal([["/ip/address/print", "?interface=ether1", ".tag=7"]]);
    });

    it("reads words whose length takes 2, 3 and 4 bytes, split across chunks", () => {
      const words = [
        `=comment=${"a".repeat(0x3000)}`,
        `=comment=${"b".repeat(0x5000)}`,
        `=comment=${"c".repeat(0x200001)}`,
      ];
      const bytes = encodeSentence(["/x", ...words]);
      const decoder = new SentenceDecoder();
      const seen = [
        ...decoder.push(bytes.subarray(0, 1)),
        ...decoder.push(bytes.subarray(1, 4)),
        ...decoder.push(bytes.subarray(4, 0x3009)),
        ...decoder.push(bytes.subarray(0x3009)),
      ];
      expect(seen).to.have.length(1);
      expect(seen[0].map((w) => w.length)).to.deep.equal([2, 0x3009, 0x5009, 0x20000a]);
      expect(seen[0][3].endsWith("c".repeat(10))).to.equal(true);
    });

    it("ignores empty sentences and keeps bytes above 0x7f as they came", () => {
      const decoder = new SentenceDecoder();
      const word = Buffer.from([0x3d, 0x6e, 0x3d, 0xe9, 0x80]); // "=n=" then win1252 é and €
      const bytes = Buffer.concat([Buffer.from([0]), Buffer.from([word.length]), word, Buffer.from([0])]);
      const sentences = decoder.push(bytes);
      expect(sentences).to.have.length(1);
      expect(Buffer.from(sentences[0][0], "latin1").equals(word)).to.equal(true);
    });
  });
});
