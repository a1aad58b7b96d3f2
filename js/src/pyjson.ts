/**
 * JSON as Python's `json.dumps(value, ensure_ascii=False)` writes it (`", "` and `": "` between
 * items, non-ASCII kept as is), so what either SDK writes (an export, a stored tool call) reads
 * the same byte for byte.
 */
export function pythonJson(value: unknown): string {
  const plain: unknown =
    typeof (value as { toJSON?: unknown } | null)?.toJSON === 'function' ? JSON.parse(JSON.stringify(value)) : value;
  if (Array.isArray(plain)) {
    return `[${plain.map(pythonJson).join(', ')}]`;
  }
  if (typeof plain === 'object' && plain !== null) {
    const entries = Object.entries(plain).filter(([, v]) => v !== undefined);
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}: ${pythonJson(v)}`).join(', ')}}`;
  }
  const encoded = JSON.stringify(plain) as string | undefined; // undefined for what JSON cannot hold
  return encoded ?? 'null';
}
