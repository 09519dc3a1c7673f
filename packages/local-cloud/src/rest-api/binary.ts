/**
 * Whether a content type is one of a REST API's binary media types
 * (`image/png`, `image/*`, `*\/*`; CloudFormation's `~1` stands for `/`).
 */
export function isBinary(
  contentType: string | undefined,
  binaryMediaTypes: string[],
): boolean {
  if (!contentType) return false;
  const [type = '', subtype = ''] =
    contentType.split(';')[0]?.trim().toLowerCase().split('/') ?? [];
  return binaryMediaTypes.some((media) => {
    const [wantType, wantSub] = media
      .replace(/~1/g, '/')
      .toLowerCase()
      .split('/');
    const typeOk = wantType === '*' || wantType === type;
    return typeOk && (wantSub === '*' || wantSub === subtype);
  });
}
