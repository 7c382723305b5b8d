namespace LiveDash.IntegrationTests.Runtime.Persistence;

/// <summary>A directory under the system temp folder, deleted with everything in it on dispose.</summary>
internal sealed class TemporaryDirectory : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("livedash-tests-");

    public string Path => _directory.FullName;

    public string File(params string[] relative) => System.IO.Path.Combine([Path, .. relative]);

    public void Dispose()
    {
        if (_directory.Exists)
        {
            _directory.Delete(recursive: true);
        }
    }
}
