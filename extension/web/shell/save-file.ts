/** Hands a file to the browser's downloads, the way a "Download" link does. */
export function saveFile(file: { name: string; type: string; contents: string }): void {
  const url = URL.createObjectURL(new Blob([file.contents], { type: file.type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = file.name;
  document.body.append(link);
  link.click();
  link.remove();
  // Revoked after the click has been handled, so the download has its data.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}
