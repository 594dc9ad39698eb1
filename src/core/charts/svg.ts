// Charts are drawn as SVG and rasterised by sharp (librsvg): no canvas or browser needed. Shared by
// the classifier's confusion matrices and training curves and the class analytics. Hangul needs a
// Korean font on the machine (fonts-nanum or fonts-noto-cjk); the family list names both.
import sharp from 'sharp';

export const FONT = 'font-family="DejaVu Sans, NanumGothic, Noto Sans CJK KR, Arial, sans-serif"';

export function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!);
}

export function svgToPng(svg: string): Promise<Buffer> {
  return sharp(Buffer.from(svg)).png().toBuffer();
}
