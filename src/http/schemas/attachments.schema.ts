/** Schemas of the attachment routes. */
import { Type } from '@sinclair/typebox';
import { AttachmentSchema } from './data-entry.schema.js';

export { AttachmentSchema };

export const UploadQuery = Type.Object(
  { element: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'the form element the evidence is for' })) },
  { additionalProperties: false },
);

export const AttachmentList = Type.Object({ items: Type.Array(AttachmentSchema) });

export const AttachmentBytes = Type.String({ format: 'binary', description: 'the stored bytes, with the sniffed Content-Type, nosniff and Content-Disposition: attachment' });
