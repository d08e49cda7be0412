// A stand-in for the platform's custom code host, written from its documented interface
// (ScriptBase, IScriptContext) so that generated `script.csx` files compile and run in tests.
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace Microsoft.Extensions.Logging
{
    /// The logger the platform hands to scripts; the tests only collect messages.
    public interface ILogger
    {
        void LogInformation(string message, params object[] args);
    }
}

/// What the platform tells a script about the call it handles.
public interface IScriptContext
{
    string CorrelationId { get; }
    string OperationId { get; }
    HttpRequestMessage Request { get; }
    Microsoft.Extensions.Logging.ILogger Logger { get; }
    Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken);
}

/// The base class of every connector script.
public abstract class ScriptBase
{
    public IScriptContext Context { get; internal set; }
    public CancellationToken CancellationToken { get; internal set; }

    public static StringContent CreateJsonContent(string serializedJson)
    {
        return new StringContent(serializedJson, Encoding.UTF8, "application/json");
    }

    public abstract Task<HttpResponseMessage> ExecuteAsync();
}
