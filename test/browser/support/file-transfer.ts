import type { Page } from 'playwright-core';

/** Browser-side lines that make a DataTransfer holding these files (the tests have no DOM types, so it is text). */
function transferOf(files: { name: string; type: string; content: Buffer }[]): string {
  const list = JSON.stringify(files.map((file) => ({ name: file.name, type: file.type, base64: file.content.toString('base64') })));
  return `const transfer = new DataTransfer();
    for (const file of ${list}) {
      const bytes = Uint8Array.from(atob(file.base64), (char) => char.charCodeAt(0));
      transfer.items.add(new File([bytes], file.name, { type: file.type }));
    }`;
}

/** Drops files on an element the way a browser does after a drag from the desktop. */
export async function dropFiles(page: Page, selector: string, files: { name: string; type: string; content: Buffer }[]): Promise<void> {
  await page.evaluate(`(() => {
    ${transferOf(files)}
    const target = document.querySelector(${JSON.stringify(selector)});
    target.dispatchEvent(new DragEvent('dragover', { dataTransfer: transfer, bubbles: true, cancelable: true }));
    target.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
  })()`);
}

/** Pastes an image into a text field, as after taking a screenshot to the clipboard. */
export async function pasteImage(page: Page, selector: string, content: Buffer): Promise<void> {
  await page.evaluate(`(() => {
    ${transferOf([{ name: 'image.png', type: 'image/png', content }])}
    document.querySelector(${JSON.stringify(selector)})
      .dispatchEvent(new ClipboardEvent('paste', { clipboardData: transfer, bubbles: true, cancelable: true }));
  })()`);
}
