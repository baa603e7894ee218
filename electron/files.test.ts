import * as path from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { createFileActions } from './files';
import { FakeBrowserWindow, FakeDialog, FakeWebContents } from './testing/fakes';
import { secureWebPreferences } from './window';

const DOWNLOADS = path.join(path.sep, 'home', 'nurse', 'Downloads');

function setup(dialogResult: FakeDialog['result'], withWindow = true) {
  const dialog = new FakeDialog(dialogResult);
  const writes: { filePath: string; data: string | Uint8Array }[] = [];
  const window = withWindow
    ? new FakeBrowserWindow({
        title: 't',
        width: 1,
        height: 1,
        minWidth: 1,
        minHeight: 1,
        show: false,
        backgroundColor: '#fff',
        webPreferences: secureWebPreferences('', true),
      })
    : null;
  const sender = window?.webContents ?? new FakeWebContents();
  const actions = createFileActions({
    dialog,
    downloadsDir: () => DOWNLOADS,
    windowFor: (contents) => (window !== null && contents === window.webContents ? window : null),
    writeFile: (filePath, data) => {
      writes.push({ filePath, data });
      return Promise.resolve();
    },
  });
  return { dialog, writes, window, sender, actions };
}

describe('saveFile', () => {
  it('saves an encrypted backup through the dialog with its own extension; the renderer names no path', async () => {
    const { dialog, writes, sender, actions } = setup({ canceled: false, filePath: '/media/usb/unsent.crbackup' });
    const data = new Uint8Array([0x43, 0x52, 0x42, 0x41]);
    expect(await actions.saveFile({ suggestedName: 'carerounds-unsent-2026-12-07', mimeType: 'application/vnd.carerounds.backup', data }, sender)).toEqual({ saved: true });
    expect(dialog.calls[0]?.options).toMatchObject({
      defaultPath: path.join(DOWNLOADS, 'carerounds-unsent-2026-12-07.crbackup'),
      filters: [{ name: 'CareRounds backup', extensions: ['crbackup'] }],
    });
    expect(writes).toEqual([{ filePath: '/media/usb/unsent.crbackup', data }]);
  });

  it('asks where to save, starting in Downloads with the suggested name, and writes the data there', async () => {
    const { dialog, writes, window, sender, actions } = setup({ canceled: false, filePath: '/chosen/report.xlsx' });
    const data = new Uint8Array([1, 2, 3]);
    const result = await actions.saveFile(
      {
        suggestedName: 'รายงาน',
        mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        data,
      },
      sender,
    );
    expect(result).toEqual({ saved: true });
    expect(dialog.calls).toEqual([
      {
        window,
        options: {
          defaultPath: path.join(DOWNLOADS, 'รายงาน.xlsx'),
          filters: [{ name: 'Excel', extensions: ['xlsx'] }],
          properties: ['createDirectory', 'showOverwriteConfirmation'],
        },
      },
    ]);
    expect(writes).toEqual([{ filePath: '/chosen/report.xlsx', data }]);
  });

  it('writes nothing when the dialog is cancelled', async () => {
    const { writes, sender, actions } = setup({ canceled: true, filePath: '/ignored.csv' });
    expect(await actions.saveFile({ suggestedName: 'a.csv', mimeType: 'text/csv', data: 'x' }, sender)).toEqual({
      saved: false,
    });
    expect(writes).toEqual([]);
  });

  it('opens an unparented dialog when the sender has no window', async () => {
    const { dialog, sender, actions } = setup({ canceled: false, filePath: '/x.json' }, false);
    await actions.saveFile({ suggestedName: 'x.json', mimeType: 'application/json', data: '{}' }, sender);
    expect(dialog.calls[0]?.window).toBeNull();
  });
});

describe('saveWorkbook', () => {
  const workbook = {
    sheets: [{ name: 'LTC', title: ['เทศบาลนครรังสิต'], columns: [{ header: 'วันที่อนุมัติแผน', kind: 'date' as const, width: 12 }], rows: [['2024-10-20']], totals: false }],
  };

  it('writes the XLSX where the user chose, only once the dialog returns a path', async () => {
    const { dialog, writes, sender, actions } = setup({ canceled: false, filePath: '/chosen/report.xlsx' });
    expect(await actions.saveWorkbook({ suggestedName: 'รายงาน LTC', workbook }, sender)).toEqual({ saved: true });
    expect(dialog.calls[0]?.options.defaultPath).toBe(path.join(DOWNLOADS, 'รายงาน LTC.xlsx'));
    const data = writes[0]?.data;
    if (!(data instanceof Uint8Array)) throw new Error('no XLSX written');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) as ArrayBuffer);
    const ws = wb.getWorksheet('LTC');
    expect(ws?.getCell('A2').value).toBe('วันที่อนุมัติแผน');
    expect(ws?.getCell('B3').value).toBe('20 ตุลาคม 2567');
  });

  it('builds nothing and writes nothing when the dialog is cancelled', async () => {
    const { writes, sender, actions } = setup({ canceled: true });
    expect(await actions.saveWorkbook({ suggestedName: 'r', workbook }, sender)).toEqual({ saved: false });
    expect(writes).toEqual([]);
  });
});

describe('printToPdf', () => {
  it('prints the sender page on A4 with backgrounds, then saves it where the user chose', async () => {
    const { dialog, writes, sender, actions } = setup({ canceled: false, filePath: '/chosen/visit.pdf' });
    const result = await actions.printToPdf({ suggestedName: 'visit', landscape: true }, sender);
    expect(result).toEqual({ saved: true });
    const contents = sender as FakeWebContents;
    expect(contents.printCalls).toEqual([{ pageSize: 'A4', printBackground: true, landscape: true }]);
    expect(dialog.calls[0]?.options.defaultPath).toBe(path.join(DOWNLOADS, 'visit.pdf'));
    expect(dialog.calls[0]?.options.filters).toEqual([{ name: 'PDF', extensions: ['pdf'] }]);
    expect(writes).toEqual([{ filePath: '/chosen/visit.pdf', data: contents.pdfBytes }]);
  });

  it('defaults to portrait and writes nothing on cancel', async () => {
    const { writes, sender, actions } = setup({ canceled: true });
    expect(await actions.printToPdf({ suggestedName: 'visit.pdf' }, sender)).toEqual({ saved: false });
    expect((sender as FakeWebContents).printCalls[0]?.landscape).toBe(false);
    expect(writes).toEqual([]);
  });
});
