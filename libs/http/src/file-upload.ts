import { applyDecorators, HttpStatus, ParseFilePipeBuilder, UseInterceptors, type ParseFilePipe } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBody, ApiConsumes, ApiResponse } from '@nestjs/swagger';
import { ProblemDoc } from './problem.doc.js';

/**
 * One multipart file in the field `file` (milestone evidence, support attachments): at most `maxBytes`, one file,
 * a few small fields; documented as such, with its 413 and 415 problems.
 */
export function FileUpload(maxBytes: number): MethodDecorator {
  return applyDecorators(
    UseInterceptors(FileInterceptor('file', { limits: { fileSize: maxBytes, files: 1, fields: 10, fieldSize: 64 * 1024, parts: 12 } })),
    ApiConsumes('multipart/form-data'),
    ApiBody({ schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } }, required: ['file'] } }),
  );
}

/** The 413 and 415 answers of a FileUpload route, in OpenAPI. */
export function FileUploadProblems(): MethodDecorator {
  return applyDecorators(
    ApiResponse({ status: 413, type: ProblemDoc, description: 'PAYLOAD_TOO_LARGE' }),
    ApiResponse({ status: 415, type: ProblemDoc, description: 'UNSUPPORTED_MEDIA_TYPE (the content is not an accepted type) or a missing file' }),
  );
}

/** The uploaded file's type checked on its content (magic bytes), else 415 with `message`. */
export function fileOfTypes(types: RegExp, message: string): ParseFilePipe {
  return new ParseFilePipeBuilder().addFileTypeValidator({ fileType: types, overrideMimeType: true, errorMessage: message })
    .build({ errorHttpStatusCode: HttpStatus.UNSUPPORTED_MEDIA_TYPE });
}
