using LiveDash.BrowserTests.Harness;
using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace LiveDash.BrowserTests.Views;

[Collection(DashboardCollection.Name)]
public sealed class ScoreControlTests(DashboardFixture fixture)
{
    [Fact]
    public async Task PlusOneClickedInOneContext_IsAckedThere_AndUpdatesTheBoardInAnother()
    {
        const string Board = "browser.score-control";
        const string Topic = "board:" + Board;
        await fixture.Api.SetScoresAsync(Board, new Dictionary<string, double> { ["team-a"] = 4, ["team-b"] = 5, ["team-c"] = 1 }, title: "Score control");

        // Two browser contexts: separate storage and connections, as two people on two machines.
        await using var contextA = await fixture.NewContextAsync();
        await using var contextB = await fixture.NewContextAsync();
        var a = await DashboardPage.OpenAsync(contextA, fixture.Gateway.BaseAddress, DashboardPage.BoardRoute(Board));
        var b = await DashboardPage.OpenAsync(contextB, fixture.Gateway.BaseAddress, DashboardPage.BoardRoute(Board));
        var tableB = b.Page.Locator($"[data-testid=board-table][data-topic=\"{Topic}\"]");
        await Expect(RowScore(tableB, "team-a")).ToHaveTextAsync(Numbers.Shown(4));
        await ExpectRowOrderAsync(tableB, "team-b", "team-a", "team-c");

        var control = a.Page.Locator($"[data-testid=score-control][data-board=\"{Board}\"]");
        var addPoint = control.Locator("button[data-testid=add-point][data-entry-id=\"team-a\"]");
        var result = control.Locator("[data-testid=command-result]");
        await addPoint.ClickAsync();
        await Expect(result).ToHaveAttributeAsync("data-state", "ack");
        await Expect(RowScore(tableB, "team-a")).ToHaveTextAsync(Numbers.Shown(5));

        // A second +1 puts team-a ahead of team-b: B's table re-ranks and shows the move.
        await addPoint.ClickAsync();
        await Expect(RowScore(tableB, "team-a")).ToHaveTextAsync(Numbers.Shown(6));
        await Expect(result).ToHaveAttributeAsync("data-state", "ack");
        await ExpectRowOrderAsync(tableB, "team-a", "team-b", "team-c");
        await Expect(tableB.Locator("tr[data-entry-id=\"team-a\"] [data-testid=rank]")).ToHaveTextAsync(Numbers.Shown(1));
        await Expect(tableB.Locator("tr[data-entry-id=\"team-a\"] [data-testid=rank-change]")).ToBeVisibleAsync();

        // The grain agrees.
        var entries = (await fixture.Api.GetTopicDataAsync(Topic)).GetProperty("entries").EnumerateArray()
            .ToDictionary(e => e.GetProperty("id").GetString()!, e => e.GetProperty("score").GetDouble());
        Assert.Equal(6, entries["team-a"]);
    }

    private static ILocator RowScore(ILocator table, string entry) => table.Locator($"tr[data-entry-id=\"{entry}\"] [data-testid=score]");

    private static async Task ExpectRowOrderAsync(ILocator table, params string[] entries)
    {
        var rows = table.Locator("tr[data-entry-id]");
        await Expect(rows).ToHaveCountAsync(entries.Length);
        for (var i = 0; i < entries.Length; i++)
        {
            await Expect(rows.Nth(i)).ToHaveAttributeAsync("data-entry-id", entries[i]);
        }
    }
}
