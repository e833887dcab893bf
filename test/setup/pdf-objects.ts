import {decodePDFRawStream, PDFDocument, PDFRawStream} from 'pdf-lib'

/** Every object of a PDF as text, streams decompressed: a byte search would miss object streams. */
export async function pdfObjects(pdf: Uint8Array): Promise<string> {
  const document = await PDFDocument.load(pdf)
  const parts: string[] = []
  for (const [, object] of document.context.enumerateIndirectObjects()) {
    if (object instanceof PDFRawStream) {
      parts.push(object.dict.toString())
      try {
        parts.push(Buffer.from(decodePDFRawStream(object).decode()).toString('latin1'))
      } catch {
        parts.push(Buffer.from(object.contents).toString('latin1'))
      }
    } else {
      parts.push(object.toString())
    }
  }
  return parts.join('\n')
}
