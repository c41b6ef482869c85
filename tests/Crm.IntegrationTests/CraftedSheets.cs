using System.IO.Compression;
using System.Text;

namespace Crm.IntegrationTests;

/// <summary>Hostile and broken .xlsx files, made byte by byte, for the import wizard's defences.</summary>
public static class CraftedSheets
{
    /// <summary>A minimal workbook whose first sheet's XML is written by <paramref name="writeSheet"/>.</summary>
    public static byte[] Xlsx(Action<Stream> writeSheet)
    {
        using var memory = new MemoryStream();
        using (var zip = new ZipArchive(memory, ZipArchiveMode.Create, leaveOpen: true))
        {
            Text(zip, "[Content_Types].xml", """<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>""");
            Text(zip, "_rels/.rels", """<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>""");
            Text(zip, "xl/workbook.xml", """<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>""");
            Text(zip, "xl/_rels/workbook.xml.rels", """<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>""");
            using var sheet = zip.CreateEntry("xl/worksheets/sheet1.xml", CompressionLevel.Fastest).Open();
            writeSheet(sheet);
        }

        return memory.ToArray();
    }

    public static byte[] Xlsx(string sheetXml) => Xlsx(stream => stream.Write(Encoding.UTF8.GetBytes(sheetXml)));

    public const string SheetStart = """<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>""";

    public const string SheetEnd = "</sheetData></worksheet>";

    /// <summary>One header cell far to the right: 1.5 KB that used to become 475,255 columns.</summary>
    public static byte[] FarColumn() =>
        Xlsx(SheetStart + """<row r="1"><c r="A1" t="inlineStr"><is><t>Name</t></is></c><c r="AAAAA1" t="inlineStr"><is><t>x</t></is></c></row>""" + SheetEnd);

    /// <summary>A sheet padded with <paramref name="megabytes"/> MB of blanks: a few hundred kilobytes on disk.</summary>
    public static byte[] Bomb(int megabytes) => Xlsx(stream =>
    {
        stream.Write(Encoding.UTF8.GetBytes(SheetStart + """<row r="1"><c r="A1" t="inlineStr"><is><t>Name</t></is></c></row>"""));
        var blanks = new byte[1024 * 1024];
        Array.Fill(blanks, (byte)' ');
        for (var i = 0; i < megabytes; i++)
        {
            stream.Write(blanks);
        }

        stream.Write(Encoding.UTF8.GetBytes(SheetEnd));
    });

    /// <summary>A sheet that declares a document type (entity expansion is the classic attack through one).</summary>
    public static byte[] WithDtd() => Xlsx("""<?xml version="1.0" encoding="UTF-8"?><!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&b;</t></is></c></row></sheetData></worksheet>""");

    /// <summary>A workbook cut off half-way, as an interrupted download leaves it.</summary>
    public static byte[] Truncated()
    {
        var whole = Xlsx(SheetStart + """<row r="1"><c r="A1" t="inlineStr"><is><t>Name</t></is></c></row>""" + SheetEnd);
        return whole[..(whole.Length / 2)];
    }

    private static void Text(ZipArchive zip, string name, string content)
    {
        using var writer = new StreamWriter(zip.CreateEntry(name).Open(), new UTF8Encoding(false));
        writer.Write(content);
    }
}
