/**
 * Saving exports and printing to PDF (docs/security.md §1: no file paths from the renderer).
 *
 * The renderer suggests a bare file name (already checked by the shared schema); the user picks the place in
 * the native save dialog, which starts in Downloads. Nothing is written unless the dialog returns a path.
 */
import * as nodeFs from 'node:fs/promises';
import * as path from 'node:path';
import {
  SAVE_FILE_TYPES,
  fileNameWithExtension,
  type PrintToPdfArgs,
  type SaveFileArgs,
  type SaveWorkbookArgs,
  type SaveFileResult,
  type SaveMimeType,
} from '../shared/bridge';
import { writeXlsx } from '../shared/reports/xlsx';
import type { BrowserWindowLike, DialogLike, SaveDialogOptions, WebContentsLike } from './electron-api';

export interface FileActionsDeps {
  dialog: DialogLike;
  downloadsDir: () => string;
  windowFor: (contents: WebContentsLike) => BrowserWindowLike | null;
  writeFile?: (filePath: string, data: string | Uint8Array) => Promise<void>;
  now?: () => Date;
}

export interface FileActions {
  saveFile(args: SaveFileArgs, sender: WebContentsLike): Promise<SaveFileResult>;
  printToPdf(args: PrintToPdfArgs, sender: WebContentsLike): Promise<SaveFileResult>;
  saveWorkbook(args: SaveWorkbookArgs, sender: WebContentsLike): Promise<SaveFileResult>;
}

export function createFileActions(deps: FileActionsDeps): FileActions {
  const writeFile = deps.writeFile ?? ((p: string, data: string | Uint8Array) => nodeFs.writeFile(p, data));

  async function askAndWrite(
    sender: WebContentsLike,
    suggestedName: string,
    mimeType: SaveMimeType,
    data: () => Promise<string | Uint8Array>,
  ): Promise<SaveFileResult> {
    const { extension, label } = SAVE_FILE_TYPES[mimeType];
    const options: SaveDialogOptions = {
      defaultPath: path.join(deps.downloadsDir(), fileNameWithExtension(suggestedName, mimeType)),
      filters: [{ name: label, extensions: [extension] }],
      properties: ['createDirectory', 'showOverwriteConfirmation'],
    };
    const window = deps.windowFor(sender);
    const result = window ? await deps.dialog.showSaveDialog(window, options) : await deps.dialog.showSaveDialog(options);
    if (result.canceled || result.filePath === undefined || result.filePath === '') return { saved: false };
    await writeFile(result.filePath, await data());
    return { saved: true };
  }

  return {
    saveFile: (args, sender) => askAndWrite(sender, args.suggestedName, args.mimeType, () => Promise.resolve(args.data)),
    // Rendered before the dialog opens, so the PDF shows the page as it was when the user asked.
    printToPdf: async (args, sender) => {
      const pdf = await sender.printToPDF({ pageSize: 'A4', printBackground: true, landscape: args.landscape ?? false });
      return askAndWrite(sender, args.suggestedName, 'application/pdf', () => Promise.resolve(pdf));
    },
    // Written after the dialog: nothing is built when the user cancels.
    saveWorkbook: (args, sender) =>
      askAndWrite(sender, args.suggestedName, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', () =>
        writeXlsx(args.workbook, { creator: 'CareRounds', created: (deps.now ?? (() => new Date()))() }),
      ),
  };
}
