import type { APIGatewayProxyResultV2 } from 'aws-lambda';

// A 32×32 PNG ring, kept inline so the handler needs no file at run time.
const LOGO_BASE64 =
  'iVBORw0KGgoAAAANSUhEUgAAACAAAAAgCAIAAAD8GO2jAAAAfklEQVR42u2W3RGAMAiD2cQR' +
  'Hdwh4gK2QAq5eprrY+HjgZ/YcV6tz7YAYKACAAIiAUgqBwClKAAL8gHxyOBPc2OILkgAuCZ+' +
  'BnDZ3dghIDuxDmCl/HkGKyl/kuQHfBZQ36btg6ZYFe3LTrGu2w+O4mQqjr7CtiiMl8g6vsBd' +
  '3+5+BhnCm8WrAAAAAElFTkSuQmCC';

/** `GET /logo.png`: a binary body, base64-encoded as API Gateway expects. */
export async function handler(): Promise<APIGatewayProxyResultV2> {
  return {
    statusCode: 200,
    headers: { 'content-type': 'image/png' },
    isBase64Encoded: true,
    body: LOGO_BASE64,
  };
}
