using System.Text;
using HookRelay.Cli;
using HookRelay.Storage;

namespace HookRelay.Tests.Cli;

/// <summary>The CSV an auditor opens: quoting by RFC 4180 and tolerance of odd event shapes.</summary>
public sealed class CsvExportWriterTests
{
    [Fact]
    public void Write_FieldsWithCommaQuoteAndLineBreak_AreQuotedWithQuotesDoubled()
    {
        const string Json = """{"uuid":"u-1","actor":{"alternateId":"a@b.example","displayName":"Dupont, \"Marie\"\nRH"},"outcome":{"result":"FAILURE"},"client":{"ipAddress":null},"target":[{"alternateId":"x,y"},{"alternateId":"z"}]}""";

        var line = WriteOne(Json);

        Assert.Equal("u-1,2026-08-20T14:03:15.208Z,a.b,okta,both,a@b.example,\"Dupont, \"\"Marie\"\"\nRH\",FAILURE,,\"x,y;z\",2026-08-20T14:03:16.000Z\r\n", line);
    }

    [Fact]
    public void Write_EventWithoutActorOrTargetsAndANumberWhereTextIsUsual_LeavesThemEmptyOrAsWritten()
    {
        var line = WriteOne("""{"uuid":"u-1","actor":"system","outcome":{"result":7},"target":{"alternateId":"not-an-array"}}""");

        Assert.Equal("u-1,2026-08-20T14:03:15.208Z,a.b,okta,both,,,7,,,2026-08-20T14:03:16.000Z\r\n", line);
    }

    private static string WriteOne(string json)
    {
        using var output = new MemoryStream();
        var received = DateTimeOffset.Parse("2026-08-20T14:03:16Z", System.Globalization.CultureInfo.InvariantCulture);
        new CsvExportWriter(output).Write(new ExportedEvent(1, "u-1", "okta", "a.b", "2026-08-20T14:03:15.208Z", 0, received, Provenance.Push | Provenance.Pull, Encoding.UTF8.GetBytes(json)));
        return Encoding.UTF8.GetString(output.ToArray());
    }
}
