// Runs a generated Script once. The case file gives the incoming request and the canned
// answers of the service; every request the script sends goes to a recording handler that
// plays those answers back in order. The output file gets the requests sent and the answer
// the script returned, as JSON.
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Newtonsoft.Json.Linq;

public sealed class CollectingLogger : Microsoft.Extensions.Logging.ILogger
{
    public readonly List<string> Messages = new List<string>();

    public void LogInformation(string message, params object[] args)
    {
        Messages.Add(message);
    }
}

/// The loopback service: records each request and answers with the next canned answer.
public sealed class RecordingHandler : HttpMessageHandler
{
    private readonly Queue<JObject> answers;
    public readonly JArray Sent = new JArray();

    public RecordingHandler(IEnumerable<JObject> answers)
    {
        this.answers = new Queue<JObject>(answers);
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        Sent.Add(await Driver.Describe(request).ConfigureAwait(false));
        if (answers.Count == 0)
        {
            return new HttpResponseMessage(HttpStatusCode.NotImplemented) { Content = new StringContent("no canned answer left") };
        }
        var answer = answers.Dequeue();
        var response = new HttpResponseMessage((HttpStatusCode)(int)answer["status"]);
        var body = (string)answer["body"] ?? string.Empty;
        var type = (string)answer["content_type"] ?? "application/json";
        response.Content = new StringContent(body, Encoding.UTF8, type);
        response.RequestMessage = request;
        return response;
    }
}

public sealed class TestContext : IScriptContext
{
    private readonly HttpClient client;

    public TestContext(string operationId, HttpRequestMessage request, HttpMessageHandler handler)
    {
        OperationId = operationId;
        Request = request;
        client = new HttpClient(handler);
        Logger = new CollectingLogger();
    }

    public string CorrelationId { get { return "test-correlation"; } }
    public string OperationId { get; private set; }
    public HttpRequestMessage Request { get; private set; }
    public Microsoft.Extensions.Logging.ILogger Logger { get; private set; }

    public Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        return client.SendAsync(request, cancellationToken);
    }
}

public static class Driver
{
    public static async Task<JObject> Describe(HttpRequestMessage request)
    {
        var headers = new JObject();
        foreach (var header in request.Headers) headers[header.Key] = string.Join(",", header.Value);
        string body = null;
        if (request.Content != null)
        {
            foreach (var header in request.Content.Headers) headers[header.Key] = string.Join(",", header.Value);
            body = await request.Content.ReadAsStringAsync().ConfigureAwait(false);
        }
        return new JObject
        {
            ["method"] = request.Method.Method,
            ["url"] = request.RequestUri.AbsoluteUri,
            ["headers"] = headers,
            ["body"] = body,
        };
    }

    public static int Main(string[] args)
    {
        var input = JObject.Parse(File.ReadAllText(args[0]));
        var incoming = (JObject)input["request"];
        var request = new HttpRequestMessage(new HttpMethod((string)incoming["method"]), (string)incoming["url"]);
        var body = incoming["body"];
        if (body != null && body.Type != JTokenType.Null)
        {
            request.Content = new StringContent(body.Type == JTokenType.String ? (string)body : body.ToString(), Encoding.UTF8, "application/json");
        }
        var headers = incoming["headers"] as JObject;
        if (headers != null)
        {
            foreach (var pair in headers) request.Headers.TryAddWithoutValidation(pair.Key, (string)pair.Value);
        }
        var handler = new RecordingHandler(((JArray)input["answers"] ?? new JArray()).Cast<JObject>());
        var script = new Script();
        script.Context = new TestContext((string)input["operation"], request, handler);
        script.CancellationToken = CancellationToken.None;
        var response = script.ExecuteAsync().GetAwaiter().GetResult();
        var output = new JObject
        {
            ["sent"] = handler.Sent,
            ["status"] = (int)response.StatusCode,
            ["body"] = response.Content == null ? null : response.Content.ReadAsStringAsync().GetAwaiter().GetResult(),
        };
        File.WriteAllText(args[1], output.ToString());
        return 0;
    }
}
