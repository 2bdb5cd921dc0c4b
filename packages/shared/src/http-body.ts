/** Request bodies: from the client's `HttpBody` shapes to what `fetch` sends. */
import { encodeForm } from "./form-encode";
import type { HttpBody, MultipartFile } from "./http-types";

export interface EncodedBody {
  body: string | Uint8Array | FormData | undefined;
  /**
   * The Content-Type to send when the caller set none; `undefined` leaves it to `fetch` (which
   * must write the boundary of a multipart body itself).
   */
  contentType: string | undefined;
  /** A multipart body: any Content-Type the caller set would lack the boundary, so it is dropped. */
  multipart: boolean;
}

const NO_BODY: EncodedBody = { body: undefined, contentType: undefined, multipart: false };

/** Encodes a request body; the result can be sent again on a retry. */
export function encodeBody(body: HttpBody | undefined): EncodedBody {
  if (body === undefined) return NO_BODY;
  if ("json" in body) {
    return { body: JSON.stringify(body.json), contentType: "application/json", multipart: false };
  }
  if ("form" in body) {
    return {
      body: encodeForm(body.form),
      contentType: "application/x-www-form-urlencoded",
      multipart: false,
    };
  }
  if ("multipart" in body) {
    return { body: toFormData(body.multipart), contentType: undefined, multipart: true };
  }
  return { body: body.raw, contentType: rawContentType(body), multipart: false };
}

function rawContentType(body: { raw: string | Uint8Array; contentType?: string }): string {
  if (body.contentType) return body.contentType;
  return typeof body.raw === "string" ? "text/plain; charset=utf-8" : "application/octet-stream";
}

type MultipartPart = MultipartFile | { name: string; value: string };

function toFormData(parts: FormData | ReadonlyArray<MultipartPart>): FormData {
  if (parts instanceof FormData) return parts;
  const formData = new FormData();
  for (const part of parts) {
    if ("value" in part) formData.append(part.name, part.value);
    else formData.append(part.name, toBlob(part), part.filename);
  }
  return formData;
}

function toBlob(file: MultipartFile): Blob {
  const type = file.contentType ?? "application/octet-stream";
  if (file.data instanceof Blob) {
    return file.contentType ? file.data.slice(0, file.data.size, type) : file.data;
  }
  return new Blob([file.data as Uint8Array<ArrayBuffer>], { type });
}
