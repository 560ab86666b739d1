using Taskroute.Core.Flow;
using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace Taskroute.Server.Api.Ccp;

/// <summary>
/// Reads and writes the CCP Task API's XML. Parsing is safe by construction: no DTD, no external
/// entities or resolver, and a bounded document size.
/// </summary>
public static class CcpXml
{
    public const int MaxDocumentCharacters = 256 * 1024;

    /// <summary>
    /// How deep elements may nest. A task is four deep (Task, variables, variable, name); the
    /// parser's cost grows with the square of the depth, so 256 KB of nesting took seconds of CPU.
    /// </summary>
    public const int MaxDepth = 32;

    private static readonly XmlReaderSettings Settings = new()
    {
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        MaxCharactersInDocument = MaxDocumentCharacters,
        MaxCharactersFromEntities = 0,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
        CloseInput = false,
    };

    /// <summary>
    /// Parses a <c>&lt;Task&gt;</c> document; returns the request, or the errors that stop it.
    /// <paramref name="charset"/> is the Content-Type's: it outranks the document's own declaration
    /// (RFC 7303), except that a byte order mark still says what it says.
    /// </summary>
    public static (CcpTaskRequest? Request, List<ApiError> Errors) ParseTask(Stream body, Encoding? charset = null)
    {
        var errors = new List<ApiError>();
        XDocument document;
        // What the body is decoded as, for a refusal to name: its byte order mark's encoding, else the header's, else UTF-8.
        var decodedAs = ByOrderMark(body)?.Encoding ?? charset ?? Encoding.UTF8;
        try
        {
            // A first pass refuses deep nesting before the document is built: it stops at the limit.
            var start = body.Position;
            using (var depth = Reader(body, charset))
                while (depth.Read())
                    if (depth.Depth >= MaxDepth)
                    {
                        errors.Add(new ApiError("Task", $"elements nest more than {MaxDepth} deep; a task is four deep"));
                        return (null, errors);
                    }
            body.Position = start;
            using var reader = Reader(body, charset);
            document = XDocument.Load(reader, LoadOptions.None);
        }
        catch (XmlException ex)
        {
            errors.Add(new ApiError("Task", Describe(ex)));
            return (null, errors);
        }
        catch (DecoderFallbackException)
        {
            errors.Add(new ApiError("Task", $"the body is not valid {decodedAs.WebName}"));
            return (null, errors);
        }

        var root = document.Root;
        if (root is null || root.Name.LocalName != "Task")
        {
            errors.Add(new ApiError("Task", "the document's root element must be <Task>"));
            return (null, errors);
        }

        var request = new CcpTaskRequest();
        var seen = 0;
        foreach (var element in root.Elements())
        {
            // A task has one of each: a second <name> would silently replace the first.
            if (Array.IndexOf(Single, element.Name.LocalName) is >= 0 and var single)
            {
                if ((seen & (1 << single)) != 0)
                {
                    errors.Add(new ApiError(element.Name.LocalName, $"<{element.Name.LocalName}> is given more than once; a task has one"));
                    continue;
                }
                seen |= 1 << single;
            }
            switch (element.Name.LocalName)
            {
                case "name": request.Name = element.Value; break;
                case "title": request.Title = element.Value; break;
                case "description": request.Description = element.Value; break;
                case "scriptSelector": request.ScriptSelector = element.Value.Trim(); break;
                case "mediaType": request.MediaType = element.Value.Trim(); break;
                case "requeueOnRecovery":
                    if (CcpTaskRequest.ParseBoolean(element.Value) is { } requeue) request.RequeueOnRecovery = requeue;
                    else errors.Add(new ApiError("requeueOnRecovery", $"must be true or false (got '{ApiText.Clip(element.Value)}')"));
                    break;
                case "tags":
                    foreach (var tag in element.Elements())
                    {
                        if (tag.Name.LocalName != "tag") { errors.Add(new ApiError("tags", $"unexpected element <{tag.Name.LocalName}>; tags hold <tag> elements")); continue; }
                        request.Tags.Add(tag.Value.Trim());
                    }
                    break;
                case "variables":
                    foreach (var variable in element.Elements())
                    {
                        if (variable.Name.LocalName != "variable") { errors.Add(new ApiError("variables", $"unexpected element <{variable.Name.LocalName}>; variables hold <variable> elements")); continue; }
                        // By local name, as the task's own elements are: a document in a namespace reads the same.
                        var names = variable.Elements().Where(e => e.Name.LocalName == "name").ToList();
                        var values = variable.Elements().Where(e => e.Name.LocalName == "value").ToList();
                        if (names.Count > 1 || values.Count > 1)
                        {
                            errors.Add(new ApiError("variables", "a <variable> holds one <name> and one <value>"));
                            continue;
                        }
                        var name = names.FirstOrDefault()?.Value.Trim();
                        var value = values.FirstOrDefault()?.Value ?? "";
                        if (string.IsNullOrEmpty(name)) { errors.Add(new ApiError("variables", "a variable needs a <name>")); continue; }
                        request.Variables.Add(new(name, value));
                    }
                    break;
                default:
                    // Elements Cisco does not document (customerUID and the like) are let through, as CCP does.
                    break;
            }
        }
        return (request, errors);
    }

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    // Given in the header, the charset decodes the bytes before the parser sees them, so the
    // document's own declaration cannot override it. A byte the charset cannot read is refused,
    // never stored as '?' (us-ascii's default for a byte above 127). A byte order mark decides over
    // both (XML 1.0, appendix F): the parser left to itself takes a UTF-8 mark and then switches to
    // the declaration's encoding, so "José" saved by Notepad under an old template's
    // encoding="ISO-8859-1" was stored as "JosÃ©".
    private static XmlReader Reader(Stream body, Encoding? charset)
    {
        // Past the mark, decoded strictly: a reader left to detect the mark itself would swap the
        // strict decoding for a lenient one, storing a Latin-1 byte after a UTF-8 mark as U+FFFD.
        if (ByOrderMark(body) is { } marked)
        {
            body.Position += marked.Length;
            var strict = marked.Encoding is UTF32Encoding ? marked.Encoding : Strict(marked.Encoding);
            return XmlReader.Create(new StreamReader(body, strict, detectEncodingFromByteOrderMarks: false, leaveOpen: true), Settings);
        }
        return charset is null
            ? XmlReader.Create(body, Settings)
            : XmlReader.Create(new StreamReader(body, Strict(charset), detectEncodingFromByteOrderMarks: true, leaveOpen: true), Settings);
    }

    // The encoding the body's byte order mark names, and the mark's length; the stream is left where
    // it was. UTF-32's are looked for first: FF FE 00 00 begins as UTF-16's FF FE does.
    private static (Encoding Encoding, int Length)? ByOrderMark(Stream body)
    {
        Span<byte> head = stackalloc byte[4];
        var start = body.Position;
        var read = body.ReadAtLeast(head, 4, throwOnEndOfStream: false);
        body.Position = start;
        if (read >= 4 && head[0] == 0xFF && head[1] == 0xFE && head[2] == 0 && head[3] == 0) return (StrictUtf32LittleEndian, 4);
        if (read >= 4 && head[0] == 0 && head[1] == 0 && head[2] == 0xFE && head[3] == 0xFF) return (StrictUtf32BigEndian, 4);
        if (read >= 3 && head[0] == 0xEF && head[1] == 0xBB && head[2] == 0xBF) return (Encoding.UTF8, 3);
        if (read >= 2 && head[0] == 0xFE && head[1] == 0xFF) return (Encoding.BigEndianUnicode, 2);
        if (read >= 2 && head[0] == 0xFF && head[1] == 0xFE) return (Encoding.Unicode, 2);
        return null;
    }

    private static readonly UTF32Encoding StrictUtf32LittleEndian = new(bigEndian: false, byteOrderMark: false, throwOnInvalidCharacters: true);
    private static readonly UTF32Encoding StrictUtf32BigEndian = new(bigEndian: true, byteOrderMark: false, throwOnInvalidCharacters: true);

    private static Encoding Strict(Encoding charset) => charset.CodePage == Encoding.UTF8.CodePage
        ? StrictUtf8
        : Encoding.GetEncoding(charset.CodePage, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);

    // The elements a task has one of; a bit each in the parse's record of those seen.
    private static readonly string[] Single = ["name", "title", "description", "scriptSelector", "mediaType", "requeueOnRecovery", "tags", "variables"];

    public static string Errors(IEnumerable<ApiError> errors)
    {
        var document = new XElement("apiErrors",
            // A message may quote the bad input itself: what XML cannot carry becomes U+FFFD.
            errors.Select(e => new XElement("apiError", new XElement("errorData", XmlCharacters.Clean(e.Field)), new XElement("errorMessage", XmlCharacters.Clean(e.Message)))));
        return document.ToString(SaveOptions.DisableFormatting);
    }

    public static string Contact(string status, string? statusReason, string refUrl, int? estimatedWaitSeconds, string? taskId, int? agentId, int? disposition = null)
    {
        // Cisco's reason codes: routed while queued or reserved, handled once ended by an agent, the
        // code CCP documents for a dialed number or script selector CCE does not know, and the one
        // Cisco's own task form looks for after a cancel (in the lower case it compares). The flow's
        // own words for these stay in the JSON API and the trace.
        if (status == "discarded" && disposition == (int)Disposition.InvalidScriptSelector) statusReason = "NOTIFICATION_INVALID_SCRIPT_SELECTOR";
        else if (status == "discarded" && statusReason == "cancelled") statusReason = "notification_cce_task_cancel_requested";
        // A live contact's reason is one of the codes Cisco lists for it, whatever moved it there (a
        // RONA, a transfer, a sign-out): clients compare these, and free text would match none.
        statusReason = status switch
        {
            "queued" or "reserved" => "EXTERNALLY_ROUTED",
            "handled" => "EXTERNALLY_HANDLED",
            _ => statusReason,
        };
        // Cisco answers an estimate on every poll of a queued contact, and -1 when there is too little
        // history to make one: a client may read it as a number without checking for it.
        var ewt = status == "queued" ? estimatedWaitSeconds ?? -1 : (int?)null;
        // In the order of Cisco's documented answer, for a client that reads it element by element;
        // refURL, which that answer does not show, comes last.
        var task = new XElement("Task",
            ewt is { } seconds ? new XElement("estimatedWaitTime", seconds) : null,
            new XElement("status", status),
            statusReason is null ? null : new XElement("statusReason", XmlCharacters.Clean(statusReason)),
            taskId is null ? null : new XElement("taskID", taskId),
            agentId is { } agent ? new XElement("agentID", agent) : null,
            new XElement("refURL", refUrl));
        return task.ToString(SaveOptions.DisableFormatting);
    }

    // The reader's own messages speak to .NET programmers ("set the DtdProcessing property on
    // XmlReaderSettings"); a client is told what its document did.
    private static string Describe(XmlException ex)
    {
        var at = ex.LineNumber > 0 ? $" (line {ex.LineNumber}, position {ex.LinePosition})" : "";
        if (ex.Message.Contains("DTD", StringComparison.Ordinal) || ex.Message.Contains("DtdProcessing", StringComparison.Ordinal))
            return $"the body is not accepted: a document type declaration (DTD) is not allowed{at}";
        var message = ex.Message;
        var line = message.IndexOf(" Line ", StringComparison.Ordinal);
        if (line > 0) message = message[..line];
        return $"the body is not well-formed XML: {message.TrimEnd('.', ' ')}{at}";
    }
}
