// Which fields a query reaches and how values compare: case rules, email.domain, identities, metadata paths,
// what is indexed, _exists_, the default fields of a bare term, unknown fields, typed root fields.
import assert from 'node:assert/strict';
import { search, user } from './searchFixtures.js';

describe('user search v3: fields and values', () => {
  describe('whole-value matching and case', () => {
    const users = [
      user({ user_id: 'auth0|a', email: 'Jane.Smith@Example.COM', name: 'Jane Smith', given_name: 'Jane', family_name: 'SMITH', nickname: 'JS' }),
      user({ user_id: 'auth0|b', email: 'bob@example.org', name: 'bob', username: 'Bob', phone_number: '+15550001', last_ip: '10.0.0.1' }),
    ];

    it('matches email, name, given_name, family_name and nickname case-insensitively', () => {
      assert.deepEqual(search('email:"jane.smith@example.com"', users), ['auth0|a']);
      assert.deepEqual(search('name:"JANE SMITH"', users), ['auth0|a']);
      assert.deepEqual(search('given_name:jane', users), ['auth0|a']);
      assert.deepEqual(search('family_name:smith', users), ['auth0|a']);
      assert.deepEqual(search('nickname:js', users), ['auth0|a']);
    });

    it('matches every other field case-sensitively', () => {
      assert.deepEqual(search('username:bob', users), []);
      assert.deepEqual(search('username:Bob', users), ['auth0|b']);
      assert.deepEqual(search('user_id:AUTH0\\|b', users), []);
      assert.deepEqual(search('user_id:"auth0|b"', users), ['auth0|b']);
    });

    it('matches the whole value only: a word of the name is not enough', () => {
      assert.deepEqual(search('name:jane', users), []);
      assert.deepEqual(search('name:"jane smith"', users), ['auth0|a']);
    });

    it('reads an escaped space as part of an unquoted value', () => {
      assert.deepEqual(search('name:Jane\\ Smith', users), ['auth0|a']);
    });

    it('matches phone_number and last_ip exactly', () => {
      assert.deepEqual(search('phone_number:"+15550001"', users), ['auth0|b']);
      assert.deepEqual(search('last_ip:"10.0.0.1"', users), ['auth0|b']);
    });
  });

  describe('typed root fields', () => {
    const users = [
      user({ user_id: 'auth0|blocked', blocked: true, email_verified: true, logins_count: 5 }),
      user({ user_id: 'auth0|open', blocked: false, email_verified: false, logins_count: 50, phone_verified: true }),
      user({ user_id: 'auth0|fresh' }),
    ];

    it('compares booleans: blocked:true, email_verified:false, phone_verified:true', () => {
      assert.deepEqual(search('blocked:true', users), ['auth0|blocked']);
      assert.deepEqual(search('email_verified:false', users), ['auth0|open']);
      assert.deepEqual(search('phone_verified:true', users), ['auth0|open']);
    });

    it('compares numbers: logins_count:5 (and 5.0 is the same number)', () => {
      assert.deepEqual(search('logins_count:5', users), ['auth0|blocked']);
      assert.deepEqual(search('logins_count:5.0', users), ['auth0|blocked']);
    });

    it('does not treat a missing blocked flag as false', () => {
      assert.deepEqual(search('blocked:false', users), ['auth0|open']);
    });

    it('matches a date term against the whole period it names', () => {
      const dated = [
        user({ user_id: 'auth0|d1', created_at: '2018-01-15T00:00:00.000Z' }),
        user({ user_id: 'auth0|d2', created_at: '2018-01-15T23:59:59.999Z' }),
        user({ user_id: 'auth0|d3', created_at: '2018-01-16T00:00:00.000Z' }),
      ];
      assert.deepEqual(search('created_at:2018-01-15', dated), ['auth0|d1', 'auth0|d2']);
      assert.deepEqual(search('created_at:2018-01', dated), ['auth0|d1', 'auth0|d2', 'auth0|d3']);
      assert.deepEqual(search('created_at:"2018-01-15T23:59:59.999Z"', dated), ['auth0|d2']);
    });
  });

  describe('email.domain', () => {
    const users = [
      user({ user_id: 'auth0|1', email: 'a@Example.com' }),
      user({ user_id: 'auth0|2', email: 'b@sub.example.com' }),
      user({ user_id: 'auth0|3', email: 'weird@x@example.com' }),
      user({ user_id: 'auth0|4' }),
    ];

    it('matches the part after the last @, case-insensitively and whole', () => {
      assert.deepEqual(search('email.domain:example.com', users), ['auth0|1', 'auth0|3']);
      assert.deepEqual(search('email.domain:"sub.example.com"', users), ['auth0|2']);
    });

    it('takes wildcards', () => {
      assert.deepEqual(search('email.domain:*example.com', users), ['auth0|1', 'auth0|2', 'auth0|3']);
      assert.deepEqual(search('email.domain:sub*', users), ['auth0|2']);
    });

    it('never matches a value containing @', () => {
      assert.deepEqual(search('email.domain:"x@example.com"', users), []);
    });
  });

  describe('identities', () => {
    const users = [
      user({ user_id: 'auth0|1' }),
      user({
        user_id: 'github|42',
        identities: [
          { connection: 'github', provider: 'github', user_id: 42, isSocial: true },
          { connection: 'Username-Password-Authentication', provider: 'auth0', user_id: 'abc', isSocial: false },
        ],
      }),
    ];

    it('skips the array level: identities.connection matches any identity', () => {
      assert.deepEqual(search('identities.connection:"Username-Password-Authentication"', users), ['auth0|1', 'github|42']);
      assert.deepEqual(search('identities.connection:github', users), ['github|42']);
    });

    it('searches provider, isSocial and numeric identity user_ids', () => {
      assert.deepEqual(search('identities.provider:github', users), ['github|42']);
      assert.deepEqual(search('identities.isSocial:true', users), ['github|42']);
      assert.deepEqual(search('identities.user_id:42', users), ['github|42']);
    });

    it('does not search v2-only connection: (use identities.connection)', () => {
      assert.deepEqual(search('connection:github', users), []);
    });
  });

  describe('metadata', () => {
    const users = [
      user({
        user_id: 'auth0|1',
        app_metadata: { subscription: { plan: 'gold', seats: 5 }, roles: ['admin', 'dev'], beta: true },
        user_metadata: { addresses: [{ city: 'Paris' }, { city: 'Rome' }], cities: ['Oslo', 'Lima'], lang: 'fr' },
      }),
      user({
        user_id: 'auth0|2',
        app_metadata: { subscription: { plan: 'silver', seats: '5' }, roles: [], beta: false, empty: {}, gone: null },
        user_metadata: { addresses: [], lang: 'en' },
      }),
    ];

    it('follows dotted paths into nested objects', () => {
      assert.deepEqual(search('app_metadata.subscription.plan:"gold"', users), ['auth0|1']);
    });

    it('skips the array level for arrays of objects', () => {
      assert.deepEqual(search('user_metadata.addresses.city:"Rome"', users), ['auth0|1']);
    });

    it('matches any element of a scalar array', () => {
      assert.deepEqual(search('user_metadata.cities:"Lima"', users), ['auth0|1']);
      assert.deepEqual(search('app_metadata.roles:dev', users), ['auth0|1']);
    });

    it('reads the value by its stored type: number 5 and string "5" both match 5, booleans match true/false', () => {
      assert.deepEqual(search('app_metadata.subscription.seats:5', users), ['auth0|1', 'auth0|2']);
      assert.deepEqual(search('app_metadata.beta:true', users), ['auth0|1']);
      assert.deepEqual(search('app_metadata.beta:false', users), ['auth0|2']);
    });

    it('is case-sensitive', () => {
      assert.deepEqual(search('user_metadata.lang:FR', users), []);
      assert.deepEqual(search('user_metadata.lang:fr', users), ['auth0|1']);
    });

    it('does not reach inherited object properties', () => {
      assert.deepEqual(search('_exists_:app_metadata.constructor', users), []);
      assert.deepEqual(search('_exists_:app_metadata.subscription.toString', users), []);
    });
  });

  describe('_exists_', () => {
    const users = [
      user({ user_id: 'auth0|1', nickname: 'n', app_metadata: { a: { b: 1 } }, user_metadata: { display: { preferredLanguage: 'en' } } }),
      user({ user_id: 'auth0|2', app_metadata: { a: {}, list: [null, []] }, user_metadata: { display: null } }),
    ];

    it('finds users having a root field', () => {
      assert.deepEqual(search('_exists_:nickname', users), ['auth0|1']);
      assert.deepEqual(search('NOT _exists_:nickname', users), ['auth0|2']);
    });

    it('finds users having a metadata path', () => {
      assert.deepEqual(search('_exists_:user_metadata.display.preferredLanguage', users), ['auth0|1']);
      assert.deepEqual(search('_exists_:app_metadata.a', users), ['auth0|1']);
    });

    it('does not count empty objects, empty arrays or null as present', () => {
      assert.deepEqual(search('_exists_:app_metadata.list', users), []);
      assert.deepEqual(search('_exists_:user_metadata.display', users), ['auth0|1']);
    });

    it('treats field:* like _exists_:field', () => {
      assert.deepEqual(search('nickname:*', users), ['auth0|1']);
      assert.deepEqual(search('app_metadata.a.b:*', users), ['auth0|1']);
    });
  });

  describe('a term without a field name', () => {
    const users = [
      user({ user_id: 'auth0|1', email: 'Jane@example.com', name: 'Jane Doe', username: 'jdoe' }),
      user({ user_id: 'auth0|2', user_metadata: { name: 'Jane Doe' }, app_metadata: { name: 'jdoe' } }),
    ];

    it('searches the normalized profile fields', () => {
      assert.deepEqual(search('jane@example.com', users), ['auth0|1']);
      assert.deepEqual(search('"jane doe"', users), ['auth0|1']);
      assert.deepEqual(search('jdoe', users), ['auth0|1']);
      assert.deepEqual(search('auth0\\|2', users), ['auth0|2']);
    });

    it('never matches text in metadata', () => {
      assert.deepEqual(search('"Jane Doe" OR jdoe', users), ['auth0|1']);
    });

    it('takes wildcards across those fields', () => {
      assert.deepEqual(search('jan*', users), ['auth0|1']);
    });

    it('* alone and *:* match every user', () => {
      assert.deepEqual(search('*', users), ['auth0|1', 'auth0|2']);
      assert.deepEqual(search('*:*', users), ['auth0|1', 'auth0|2']);
    });
  });

  describe('unknown and unsearchable fields', () => {
    const users = [user({ user_id: 'auth0|1', picture: 'https://x/p.png', favorite_color: 'blue' })];

    it('match no user instead of failing', () => {
      assert.deepEqual(search('picture:"https://x/p.png"', users), []);
      assert.deepEqual(search('favorite_color:blue', users), []);
      assert.deepEqual(search('NOT favorite_color:blue', users), ['auth0|1']);
      assert.deepEqual(search('_exists_:picture', users), []);
    });
  });

  it('an empty or blank q matches every user', () => {
    const users = [user({ user_id: 'auth0|1' }), user({ user_id: 'auth0|2' })];
    assert.deepEqual(search('', users), ['auth0|1', 'auth0|2']);
    assert.deepEqual(search('   ', users), ['auth0|1', 'auth0|2']);
  });
});
