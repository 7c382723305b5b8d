using LiveDash.Runtime;

namespace LiveDash.UnitTests.Runtime.TestGrains;

public interface IReentrantTurnGrain : ITurnOperations, IGrainWithStringKey
{
}
