// The code of an error a promise rejects with, and the code of its first field issue.
export async function refusal(p: Promise<unknown>): Promise<{ code: string; issue: string }> {
  try {
    await p;
  } catch (e) {
    const err = e as { code: string; details: { issues: { code: string }[] } };
    return { code: err.code, issue: err.details.issues[0]!.code };
  }
  throw new Error('expected a refusal');
}
