/**
 * Base64 to bytes without Node's Buffer, so generated data modules decode the same way in Node,
 * browsers and Deno (all three provide `atob`).
 */
export function base64ToBytes(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
