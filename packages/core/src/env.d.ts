/**
 * The few platform globals core may use: present in Node ≥ 18, browsers and Web Workers alike.
 * (core's tsconfig has no DOM or Node types, so anything else is a type error.)
 */
declare class TextEncoder {
  encode(input?: string): Uint8Array;
}
declare class TextDecoder {
  constructor(label?: string, options?: { fatal?: boolean });
  decode(input?: ArrayBufferView | ArrayBuffer, options?: { stream?: boolean }): string;
}
declare function structuredClone<T>(value: T): T;
