// Scrubbing pulled users: deterministic, personal data gone everywhere it hides, shapes kept.
import assert from 'node:assert/strict';
import { Scrubber, scrubUsers } from '../../../extension/tenant/scrub.js';

const realUser = {
  user_id: 'google-oauth2|1043',
  email: 'maria.garcia@gmail.com',
  name: 'María García',
  given_name: 'María',
  family_name: 'García',
  nickname: 'mgarcia',
  picture: 'https://lh3.googleusercontent.com/a/real-photo',
  phone_number: '+34 612 345 678',
  last_ip: '84.12.200.7',
  created_at: '2023-01-02T10:20:30.000Z',
  identities: [
    {
      provider: 'google-oauth2',
      user_id: '1043',
      connection: 'google-oauth2',
      isSocial: true,
      access_token: 'ya29.secret',
      profileData: { email: 'maria.garcia@gmail.com', name: 'María García', picture: 'https://lh3/x' },
    },
  ],
  user_metadata: { contact: { email: 'maria@work.es', phone: '+34 600 000 001' }, note: 'seen from 10.0.0.5 at 10:20:30', theme: 'dark' },
  app_metadata: { plan: 'premium', lastSeenIp: '2a00:1450:4001:81c::200e' },
};

describe('scrubbing pulled users', () => {
  const [scrubbed] = scrubUsers([realUser], 'key-1');
  const text = JSON.stringify(scrubbed);

  it('leaves no email, name, picture, phone number or IP address of the real user', () => {
    for (const secret of ['maria', 'garcia', 'García', 'mgarcia', 'googleusercontent', '612 345', '84.12.200.7', '10.0.0.5', '2a00:1450', 'ya29', 'work.es', '600 000']) {
      assert.ok(!text.toLowerCase().includes(secret.toLowerCase()), `"${secret}" is gone: ${text}`);
    }
  });

  it('keeps ids, dates, plain values and the shape', () => {
    assert.equal(scrubbed!.user_id, realUser.user_id);
    assert.equal(scrubbed!.created_at, realUser.created_at);
    assert.equal(scrubbed!.user_metadata.theme, 'dark');
    assert.equal(scrubbed!.app_metadata.plan, 'premium');
    assert.match(scrubbed!.user_metadata.note, /^seen from (192\.0\.2|198\.51\.100|203\.0\.113)\.\d+ at 10:20:30$/);
    assert.deepEqual(Object.keys(scrubbed!).sort(), Object.keys(realUser).sort());
    assert.deepEqual(Object.keys(scrubbed!.identities[0]!).sort(), ['connection', 'isSocial', 'profileData', 'provider', 'user_id']);
    assert.match(scrubbed!.email, /^user\.[0-9a-f]{8}@example\.com$/);
    assert.match(scrubbed!.last_ip, /^(192\.0\.2|198\.51\.100|203\.0\.113)\.\d+$/);
    assert.match(scrubbed!.app_metadata.lastSeenIp, /^2001:db8::/);
    assert.match(scrubbed!.phone_number, /^\+1201555\d{4}$/);
  });

  it('is deterministic: the same value gives the same replacement, in every place it appears', () => {
    const [again] = scrubUsers([realUser], 'key-1');
    assert.deepEqual(again, scrubbed);
    assert.equal(scrubbed!.identities[0]!.profileData.email, scrubbed!.email);
    assert.equal(scrubbed!.identities[0]!.profileData.name, scrubbed!.name);
  });

  it('gives different replacements under a different key', () => {
    const [other] = scrubUsers([realUser], 'key-2');
    assert.notEqual(other!.email, scrubbed!.email);
  });

  it('scrubs an identity whose user_id is the email (passwordless)', () => {
    const s = new Scrubber('k');
    const out = s.user({ user_id: 'email|1', identities: [{ provider: 'email', user_id: 'a@b.co', connection: 'email' }] });
    assert.equal(out.identities[0]!.user_id, s.email('a@b.co'));
  });
});
