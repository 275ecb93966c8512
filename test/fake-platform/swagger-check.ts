/**
 * A small checker of JSON values against Swagger 2.0 definitions (the subset the Marketo specs
 * use: $ref, type, properties, items, required, format date-time), for validating the fake's
 * Marketo answers and the connector's Marketo requests against shared/specs/marketo.
 *
 * The spec's known looseness (shared/specs/README.md) is allowed for, and only that:
 * - `errors` and `warnings` are marked required but real responses omit them;
 * - `result` is absent from error envelopes (`success: false`);
 * - Lead objects carry instance-specific fields (any extra property passes);
 * - Attribute.value is typed "object" but real values are scalars;
 * - CustomActivity is one definition for requests and results, with the union of both as
 *   required; neither real side carries all of them.
 */

export interface SwaggerDoc {
  definitions: Record<string, SwaggerSchema>;
  paths: Record<
    string,
    Record<
      string,
      {
        parameters?: Array<{ in: string; schema?: SwaggerSchema }>;
        responses: Record<string, { schema?: SwaggerSchema }>;
      }
    >
  >;
}

export interface SwaggerSchema {
  $ref?: string;
  type?: string;
  format?: string;
  properties?: Record<string, SwaggerSchema>;
  items?: SwaggerSchema;
  required?: string[];
  enum?: unknown[];
}

const ALWAYS_OPTIONAL = new Set(['errors', 'warnings']);
const OPEN_DEFINITIONS = new Set(['Lead']);
const LOOSE_REQUIRED: Record<string, Set<string>> = {
  CustomActivity: new Set([
    'activityDate',
    'activityTypeId',
    'attributes',
    'errors',
    'id',
    'leadId',
    'primaryAttributeValue',
  ]),
};

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

export function checkAgainst(
  doc: SwaggerDoc,
  schema: SwaggerSchema,
  value: unknown,
  path = '$',
  definition?: string,
): string[] {
  if (schema.$ref) {
    const name = schema.$ref.replace('#/definitions/', '');
    const target = doc.definitions[name];
    if (!target) return [`${path}: unknown definition ${name}`];
    return checkAgainst(doc, target, value, path, name);
  }
  const problems: string[] = [];
  const actual = typeOf(value);
  const type = schema.type ?? (schema.properties ? 'object' : undefined);
  if (type && !(type === actual || (type === 'number' && actual === 'integer'))) {
    problems.push(`${path}: expected ${type}, got ${actual}`);
    return problems;
  }
  if (schema.enum && !schema.enum.includes(value))
    problems.push(`${path}: ${JSON.stringify(value)} is not one of ${JSON.stringify(schema.enum)}`);
  if (schema.format === 'date-time' && typeof value === 'string' && Number.isNaN(Date.parse(value))) {
    problems.push(`${path}: not a date-time: ${value}`);
  }
  if (actual === 'array' && schema.items) {
    (value as unknown[]).forEach((item, i) =>
      problems.push(...checkAgainst(doc, schema.items!, item, `${path}[${i}]`)),
    );
  }
  if (actual === 'object' && schema.properties) {
    const record = value as Record<string, unknown>;
    const failed = record.success === false;
    for (const name of schema.required ?? []) {
      if (name in record) continue;
      if (ALWAYS_OPTIONAL.has(name) || LOOSE_REQUIRED[definition ?? '']?.has(name)) continue;
      if (name === 'result' && failed) continue;
      problems.push(`${path}: missing required ${name}`);
    }
    for (const [name, item] of Object.entries(record)) {
      // Attribute.value is "object" in the spec; real values are scalars (known looseness).
      if (definition === 'Attribute' && name === 'value') continue;
      const property = schema.properties[name];
      if (!property) {
        if (!OPEN_DEFINITIONS.has(definition ?? ''))
          problems.push(`${path}.${name}: not in ${definition ?? 'the schema'}`);
        continue;
      }
      problems.push(...checkAgainst(doc, property, item, `${path}.${name}`));
    }
  }
  return problems;
}

/** The 200 response schema of an operation. */
export function responseSchema(doc: SwaggerDoc, path: string, method: string): SwaggerSchema {
  const schema = doc.paths[path]?.[method.toLowerCase()]?.responses['200']?.schema;
  if (!schema) throw new Error(`No 200 schema for ${method} ${path} in the spec`);
  return schema;
}

/** The body parameter schema of an operation. */
export function bodySchema(doc: SwaggerDoc, path: string, method: string): SwaggerSchema {
  const schema = doc.paths[path]?.[method.toLowerCase()]?.parameters?.find((p) => p.in === 'body')?.schema;
  if (!schema) throw new Error(`No body schema for ${method} ${path} in the spec`);
  return schema;
}
