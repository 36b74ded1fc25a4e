import { answerInvitation, assertConsortiumComplete, consortiumGaps, declaresGber, INVITATION_STATUSES, type InvitationCommand } from './consortium.js';
import { DomainError } from './domain-error.js';

describe('consortium consent', () => {
  it.each([
    ['accept', 'accepted'], ['decline', 'declined'], ['withdraw', 'withdrawn'],
  ] as const)('a pending invitation may be %s-ed → %s', (command, status) => {
    expect(answerInvitation('pending', command)).toBe(status);
  });

  it('an answered or withdrawn invitation refuses every command with 409 INVITATION_NOT_PENDING', () => {
    for (const status of INVITATION_STATUSES.filter((s) => s !== 'pending')) {
      for (const command of ['accept', 'decline', 'withdraw'] as InvitationCommand[]) {
        let err: unknown;
        try { answerInvitation(status, command); } catch (e) { err = e; }
        expect(err).toBeInstanceOf(DomainError);
        expect(err).toMatchObject({ code: 'INVITATION_NOT_PENDING', status: 409, details: { status } });
      }
    }
  });

  const facts = {
    invitations: [
      { id: 'i1', status: 'pending' as const, organisationId: 'o2', email: null, organisationName: 'ONERA' },
      { id: 'i2', status: 'pending' as const, organisationId: null, email: 'bob@x.test', organisationName: null },
      { id: 'i3', status: 'declined' as const, organisationId: 'o3', email: null, organisationName: 'Gone' },
    ],
    partners: [{ organisationId: 'o1', name: 'AéroLab', confirmed: true }, { organisationId: 'o4', name: 'Composites', confirmed: false }],
  };

  it('lists the pending invitations and the unconfirmed partners, nothing else', () => {
    expect(consortiumGaps(facts)).toEqual({
      pendingInvitations: [
        { invitationId: 'i1', organisationId: 'o2', organisationName: 'ONERA', email: null },
        { invitationId: 'i2', organisationId: null, organisationName: null, email: 'bob@x.test' },
      ],
      unconfirmedPartners: [{ organisationId: 'o4', name: 'Composites' }],
    });
  });

  it('refuses an incomplete consortium with 422 CONSORTIUM_INCOMPLETE naming each gap, and lets a complete one through', () => {
    let err: DomainError | undefined;
    try { assertConsortiumComplete(facts); } catch (e) { err = e as DomainError; }
    expect(err).toMatchObject({ code: 'CONSORTIUM_INCOMPLETE', status: 422 });
    expect((err!.details as { errors: { path: string; message: string }[] }).errors).toEqual([
      { path: 'invitations.i1', message: 'invitation of ONERA not answered yet' },
      { path: 'invitations.i2', message: 'invitation of bob@x.test not answered yet' },
      { path: 'partners.o4', message: 'Composites has not confirmed its budget and declarations' },
    ]);
    expect(() => assertConsortiumComplete({ invitations: [facts.invitations[2]], partners: [facts.partners[0]] })).not.toThrow();
  });

  it('declarations concern research organisations and training bodies only', () => {
    expect([declaresGber('research_organisation'), declaresGber('training_body'), declaresGber('company')]).toEqual([true, true, false]);
  });
});
