using Crm.Infrastructure.Persistence;

namespace Crm.IntegrationTests;

public abstract class AppFixture(string provider) : IDisposable
{
    public CrmAppFactory App { get; } = new(provider);

    public void Dispose()
    {
        App.Dispose();
        GC.SuppressFinalize(this);
    }
}

public sealed class SqliteAppFixture() : AppFixture(DatabaseProviders.Sqlite);

/// <summary>Needs CRM_TEST_POSTGRES; test classes using it carry the Postgres category so a run without a server can leave them out explicitly.</summary>
public sealed class PostgresAppFixture() : AppFixture(DatabaseProviders.PostgreSql);
