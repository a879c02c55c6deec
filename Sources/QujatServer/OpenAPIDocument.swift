/// The API's OpenAPI 3.1 description, served at `GET /openapi.yaml` and `GET /openapi.json`.
/// The hand-written part (`base`) is kept in Swift so the server needs no resource files at
/// run time; the case schemas are added from the templates the server renders with (`make`,
/// in `OpenAPIDocument+Cases.swift`: at the start and after a reload that changed them). The
/// tests check real responses against it.
enum OpenAPIDocument {
    /// Everything but `servers` and the case schemas, which `make` adds.
    static let base = #"""
    openapi: 3.1.0
    info:
      title: Qujat
      version: 0.1.0
      summary: Renders Kazakhstan's health-care state-service documents from case data to PDF.
      description: |
        Cases follow docs/FORMS.md: a JSON object whose "document" key names the template
        (license, license_annex, receipt_accepted, receipt_refused, refusal, termination,
        phc_talon, survey). Every error is an RFC 9457 problem (application/problem+json).
        A server started with --api-keys wants `Authorization: Bearer TOKEN` on every /v1 route
        (401 without a known token, 403 when the token's key lacks the route's scope: render,
        sign or batch); without --api-keys the routes are open and the server cannot sign.
    paths:
      /v1/documents:
        post:
          operationId: renderDocument
          summary: Render one case to a PDF, or one page of it to a PNG.
          parameters:
            - {name: format, in: query, schema: {type: string, enum: [pdf, png], default: pdf}}
            - {name: page, in: query, description: PNG page (1-based), schema: {type: integer, minimum: 1, default: 1}}
            - {name: dpi, in: query, description: PNG resolution (422 outside 10–600), schema: {type: integer, minimum: 1, default: 96}}
            - {name: strict, in: query, description: keys the document does not read are 422 errors instead of a Qujat-Warnings header, schema: {type: boolean, default: false}}
            - {name: sign, in: query, description: "sign the PDF with the server's key (PAdES B-B) and print its stamp; needs the sign scope (400 on a server without a key)", schema: {type: boolean, default: false}}
          security: [{}, {bearer: [render]}, {bearer: [render, sign]}]
          requestBody: {$ref: '#/components/requestBodies/Case'}
          responses:
            '200':
              description: The document.
              headers:
                X-Request-Id: {$ref: '#/components/headers/RequestId'}
                Qujat-Warnings: {description: "keys of the case its document does not read, 'path: rule' joined by '; ' (non-ASCII as \\uXXXX)", schema: {type: string}}
              content:
                application/pdf: {schema: {type: string, format: binary, contentMediaType: application/pdf}}
                image/png: {schema: {type: string, format: binary, contentMediaType: image/png}}
            '400': {$ref: '#/components/responses/Problem'}
            '401': {$ref: '#/components/responses/Problem'}
            '403': {$ref: '#/components/responses/Problem'}
            '413': {$ref: '#/components/responses/Problem'}
            '415': {$ref: '#/components/responses/Problem'}
            '422': {$ref: '#/components/responses/InvalidCase'}
            '429': {$ref: '#/components/responses/Busy'}
            '500': {$ref: '#/components/responses/Problem'}
            '503': {$ref: '#/components/responses/Busy'}
      /v1/documents/validate:
        post:
          operationId: validateDocument
          summary: Check a case against its document's schema and template without rendering it (the verdict rendering gives).
          parameters:
            - {name: strict, in: query, schema: {type: boolean, default: false}}
          requestBody: {$ref: '#/components/requestBodies/Case'}
          responses:
            '204': {description: The case is valid (a Qujat-Warnings header names keys its document does not read).}
            '429': {$ref: '#/components/responses/Busy'}
            '500': {$ref: '#/components/responses/Problem'}
            '413': {$ref: '#/components/responses/Problem'}
            '415': {$ref: '#/components/responses/Problem'}
            '422': {$ref: '#/components/responses/InvalidCase'}
      /v1/templates:
        get:
          operationId: listTemplates
          summary: The documents this server renders, their languages, page sizes, variants and top-level keys (as qujat templates --json), and the versions of the templates and fonts it has loaded.
          responses:
            '200':
              description: Templates.
              content:
                application/json:
                  schema:
                    type: object
                    required: [documents, version, fonts_version]
                    properties:
                      version: {type: string, description: "The loaded templates' version (16 hex digits of SHA-256 over their files); changes when a reload loads other files."}
                      fonts_version: {type: string, description: "The loaded fonts' version, the same way."}
                      documents:
                        type: array
                        items:
                          type: object
                          required: [document, languages, page, variants, copies, required, optional, duplicate, reissue]
                          properties:
                            document: {type: string}
                            languages: {type: array, items: {type: string}}
                            page: {type: string, description: "the first language's page: A4, A5, 80 mm strip"}
                            variants:
                              type: array
                              description: 'other page set-ups, chosen by a case key (phc_talon''s "format": "strip")'
                              items:
                                type: object
                                required: [key, value, page]
                                properties:
                                  key: {type: string}
                                  value: {type: string}
                                  page: {type: string}
                            copies: {type: integer, minimum: 1, description: complete copies a case prints (receipts 2)}
                            required: {type: array, items: {type: string}, description: top-level keys a case must have}
                            optional: {type: array, items: {type: string}, description: top-level keys a case may have}
                            duplicate: {type: boolean, description: 'a case may be a duplicate ("duplicate" key)'}
                            reissue: {type: boolean, description: 'a case may be a reissue ("reissue" key)'}
                            problem: {type: string, description: set when the document's template or schema is broken}
      /v1/batches:
        post:
          operationId: submitBatch
          summary: Queue a batch. The body is the CLI's manifest (JSON Lines); case_file is not allowed.
          requestBody:
            required: true
            content:
              application/x-ndjson:
                schema: {type: string}
              application/jsonl:
                schema: {type: string}
          responses:
            '202':
              description: Accepted; poll the Location.
              headers:
                Location: {schema: {type: string}, description: 'The batch, /v1/batches/ID.'}
              content:
                application/json:
                  schema: {$ref: '#/components/schemas/BatchStatus'}
            '413': {$ref: '#/components/responses/Problem'}
            '415': {$ref: '#/components/responses/Problem'}
            '429': {$ref: '#/components/responses/Busy'}
      /v1/batches/{id}:
        get:
          operationId: batchStatus
          summary: A batch's state and progress.
          parameters:
            - {name: id, in: path, required: true, schema: {type: string}}
          responses:
            '200':
              description: Status.
              content:
                application/json:
                  schema: {$ref: '#/components/schemas/BatchStatus'}
            '404': {$ref: '#/components/responses/Problem'}
        delete:
          operationId: deleteBatch
          summary: Remove a batch and its files (a running one stops first).
          parameters:
            - {name: id, in: path, required: true, schema: {type: string}}
          responses:
            '204': {description: Removed.}
            '404': {$ref: '#/components/responses/Problem'}
      /v1/batches/{id}/result:
        get:
          operationId: batchResult
          summary: The merged PDF (one group, or ?group=NAME), or a zip of every group's PDF with errors.jsonl and summary.json.
          parameters:
            - {name: id, in: path, required: true, schema: {type: string}}
            - {name: group, in: query, schema: {type: string}}
          responses:
            '200':
              description: The print file(s).
              content:
                application/pdf: {schema: {type: string, format: binary, contentMediaType: application/pdf}}
                application/zip: {schema: {type: string, format: binary, contentMediaType: application/zip}}
            '404': {$ref: '#/components/responses/Problem'}
            '409': {$ref: '#/components/responses/Problem'}
      /health:
        get:
          operationId: health
          summary: The process is up.
          responses:
            '200':
              description: Up.
              content:
                application/json:
                  schema: {type: object, required: [status], properties: {status: {const: ok}}}
      /ready:
        get:
          operationId: ready
          summary: The server takes work (503 while shutting down).
          responses:
            '200':
              description: Ready.
              content:
                application/json:
                  schema:
                    type: object
                    required: [status, workers, templates]
                    properties:
                      status: {const: ready}
                      workers: {type: integer, minimum: 1}
                      templates:
                        type: object
                        required: [version, fonts_version, loaded_at]
                        properties:
                          version: {type: string}
                          fonts_version: {type: string}
                          loaded_at: {type: string, format: date-time}
                      reload_error:
                        description: "The last reload's refusal (SIGHUP or --watch-templates), until a reload succeeds: the server still serves the templates it had."
                        type: object
                        required: [at, message]
                        properties:
                          at: {type: string, format: date-time}
                          message: {type: string}
                          issues:
                            type: array
                            items:
                              type: object
                              required: [file, line, column, message]
                              properties:
                                file: {type: string}
                                line: {type: integer}
                                column: {type: integer}
                                message: {type: string}
            '503': {$ref: '#/components/responses/Busy'}
      /v1/signatures/prepare:
        post:
          operationId: prepareSignature
          summary: "For an outside signer (NCALayer, an HSM): append an empty signature to a Qujat PDF and return the exact bytes to sign."
          security: [{}, {bearer: [sign]}]
          parameters:
            - {name: signing_time, in: query, description: "ISO 8601 with a zone; default now", schema: {type: string, format: date-time}}
          requestBody:
            required: true
            content:
              application/pdf: {schema: {type: string, format: binary, contentMediaType: application/pdf}}
          responses:
            '200':
              description: The prepared PDF and the bytes its signature will cover (both base64).
              content:
                application/json:
                  schema:
                    type: object
                    required: [prepared_pdf, to_be_signed, to_be_signed_sha256, capacity]
                    properties:
                      prepared_pdf: {type: string, contentEncoding: base64}
                      to_be_signed: {type: string, contentEncoding: base64, description: "sign these as a detached CMS (NCALayer: createCAdESFromBase64 / basics.sign with encapsulate false)"}
                      to_be_signed_sha256: {type: string}
                      capacity: {type: integer, description: bytes of CMS the placeholder holds}
            '400': {$ref: '#/components/responses/Problem'}
            '401': {$ref: '#/components/responses/Problem'}
            '403': {$ref: '#/components/responses/Problem'}
            '415': {$ref: '#/components/responses/Problem'}
            '422': {$ref: '#/components/responses/Problem'}
      /v1/signatures/embed:
        post:
          operationId: embedSignature
          summary: "Write an outside signer's detached CMS into a prepared PDF (checked: detached, the prepared bytes' digest, it fits)."
          security: [{}, {bearer: [sign]}]
          requestBody:
            required: true
            content:
              application/json:
                schema:
                  type: object
                  required: [prepared_pdf, cms]
                  properties:
                    prepared_pdf: {type: string, contentEncoding: base64}
                    cms: {type: string, contentEncoding: base64}
          responses:
            '200':
              description: The signed PDF.
              content:
                application/pdf: {schema: {type: string, format: binary, contentMediaType: application/pdf}}
            '400': {$ref: '#/components/responses/Problem'}
            '401': {$ref: '#/components/responses/Problem'}
            '403': {$ref: '#/components/responses/Problem'}
            '415': {$ref: '#/components/responses/Problem'}
            '422': {$ref: '#/components/responses/Problem'}
            '503': {$ref: '#/components/responses/Busy'}
      /v1/verify:
        post:
          operationId: verifySignatures
          summary: "Every signature of a PDF: signer, time, intact, covering the whole file, trusted (with the server's --trust roots)."
          security: [{}, {bearer: [render]}]
          requestBody:
            required: true
            content:
              application/pdf: {schema: {type: string, format: binary, contentMediaType: application/pdf}}
          responses:
            '200':
              description: The report; valid is true only when there is a signature and every one is intact, covers the file and (with roots) is trusted.
              content:
                application/json:
                  schema:
                    type: object
                    required: [valid, signatures]
                    properties:
                      valid: {type: boolean}
                      signatures:
                        type: array
                        items:
                          type: object
                          required: [intact, covers_whole_file, problems]
                          properties:
                            signer: {type: string}
                            iin: {type: string}
                            organization: {type: string}
                            bin: {type: string}
                            certificate_serial: {type: string}
                            time: {type: string}
                            intact: {type: boolean}
                            covers_whole_file: {type: boolean}
                            trusted: {type: boolean}
                            problems: {type: array, items: {type: string}}
            '401': {$ref: '#/components/responses/Problem'}
            '403': {$ref: '#/components/responses/Problem'}
            '415': {$ref: '#/components/responses/Problem'}
      /metrics:
        get:
          operationId: metrics
          summary: Prometheus text exposition.
          responses:
            '200':
              description: Metrics.
              content:
                text/plain: {schema: {type: string}}
      /openapi.yaml:
        get:
          operationId: openapi
          summary: This document; servers names the address it was asked at (or the server's --public-url).
          responses:
            '200':
              description: OpenAPI 3.1.
              content:
                application/yaml: {schema: {type: string}}
      /openapi.json:
        get:
          operationId: openapiJSON
          summary: This document as JSON.
          responses:
            '200':
              description: OpenAPI 3.1.
              content:
                application/json: {schema: {type: object}}
    components:
      securitySchemes:
        bearer: {type: http, scheme: bearer, description: "a token from the server's --api-keys file (NAME SHA256 SCOPES)"}
      requestBodies:
        Case:
          required: true
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Case'}
      headers:
        RequestId:
          description: The request's id, as in the server's logs (the caller's X-Request-Id if it sent one).
          schema: {type: string}
      responses:
        Problem:
          description: An RFC 9457 problem.
          content:
            application/problem+json:
              schema: {$ref: '#/components/schemas/Problem'}
        InvalidCase:
          description: The case breaks its document's rules; errors lists every JSON path and rule.
          content:
            application/problem+json:
              schema:
                allOf:
                  - {$ref: '#/components/schemas/Problem'}
                  - {required: [errors]}
        Busy:
          description: Every worker is busy and the queue is full (429), or the request waited too long or the server is shutting down (503).
          headers:
            Retry-After: {schema: {type: integer}, description: Seconds to wait.}
          content:
            application/problem+json:
              schema: {$ref: '#/components/schemas/Problem'}
      schemas:
        Problem:
          type: object
          required: [type, title, status, detail]
          properties:
            type: {type: string, format: uri}
            title: {type: string}
            status: {type: integer, minimum: 400, maximum: 599}
            detail: {type: string}
            request_id: {type: string}
            errors:
              type: array
              items:
                type: object
                required: [path, rule]
                properties:
                  path: {type: string, examples: [licensee.bin]}
                  rule: {type: string, examples: [check digit does not match]}
        BatchStatus:
          type: object
          required: [id, state, total, done, failed, result]
          properties:
            id: {type: string}
            state: {type: string, enum: [queued, running, done, failed]}
            total: {type: integer, minimum: 0}
            done: {type: integer, minimum: 0}
            failed: {type: integer, minimum: 0}
            result: {type: string}
            error: {type: string}
            summary: {type: object}
            finished_at: {type: string, format: date-time}
    """#
}
