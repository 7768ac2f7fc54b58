import { describe, expect, it } from 'vitest';
import { importEntsoeXml } from '../../../src-main/market/import';
import { entsoeXml, numbered, period } from '../helpers/entsoe-xml';
import { codes, expectFailure, fixture, fixtureText, theIssue } from '../helpers/fixtures';

const DAY = ['2025-10-01T22:00Z', '2025-10-02T22:00Z'] as const;

describe('ENTSO-E import errors', () => {
  it('refuses a file over the size limit before parsing it', () => {
    expect(codes(importEntsoeXml(fixture('se4-day-ahead-A44-PT60M.xml'), { maxBytes: 1000 }))).toEqual(['too_large']);
  });

  it('reports XML that is not well-formed, with its line', () => {
    const broken = fixtureText('se4-day-ahead-A44-PT60M.xml').replace('</Period>', '');
    const issue = theIssue(importEntsoeXml(broken), 'malformed');
    expect(issue.message).toMatch(/not well-formed XML/);
    expect(issue.line).toBeGreaterThan(1);
  });

  it('reports an acknowledgement document as no data, with its reason', () => {
    const ack = '<?xml version="1.0"?><Acknowledgement_MarketDocument><Reason><code>999</code><text>No matching data found</text></Reason></Acknowledgement_MarketDocument>';
    expect(expectFailure(importEntsoeXml(ack)).errors).toEqual([{ code: 'no_data', message: 'ENTSO-E has no data for this request: No matching data found' }]);
  });

  it('refuses a document type other than A44', () => {
    const xml = entsoeXml([{ periods: [period(DAY[0], DAY[1], numbered(24))] }], 'A65');
    expect(theIssue(importEntsoeXml(xml), 'wrong_document')).toMatchObject({ field: 'type', line: 6 });
  });

  it('names a missing element with its path and line', () => {
    const xml = fixtureText('se4-day-ahead-A44-PT60M.xml').replace('<price.amount>4.40</price.amount>', '');
    const issue = theIssue(importEntsoeXml(xml), 'malformed');
    expect(issue.field).toBe('TimeSeries[0].Period[0].Point[8].price.amount');
    expect(issue.message).toBe('<price.amount> is missing');
    expect(issue.line).toBe(62); // the <Point> that lacks it
  });

  it('names an empty Point by its element name', () => {
    const xml = entsoeXml([{ periods: [period(DAY[0], '2025-10-01T23:00Z', ['1.00'])] }]).replace(/<Point>[\s\S]*?<\/Point>/, '<Point/>');
    const issue = theIssue(importEntsoeXml(xml), 'malformed');
    expect(issue.field).toBe('TimeSeries[0].Period[0].Point[0]');
    expect(issue.message).toMatch(/^<Point> /);
  });

  it('does not expand entities declared in a DOCTYPE', () => {
    const xml = entsoeXml([{ periods: [period(DAY[0], '2025-10-01T23:00Z', ['&p;'])] }]).replace(
      '<Publication_MarketDocument',
      '<!DOCTYPE Publication_MarketDocument [<!ENTITY p "12.00">]>\n<Publication_MarketDocument',
    );
    expect(codes(importEntsoeXml(xml))).toEqual(['bad_price']);
  });

  it('reports a non-numeric price with line, interval and field', () => {
    const xml = fixtureText('se4-day-ahead-A44-PT60M.xml').replace('<price.amount>4.40</price.amount>', '<price.amount>n/a</price.amount>');
    const issue = theIssue(importEntsoeXml(xml), 'bad_price');
    expect(issue).toMatchObject({
      line: 64,
      interval: '2023-08-07T06:00:00Z/2023-08-07T07:00:00Z',
      field: 'TimeSeries[0].Period[0].Point[8].price.amount',
    });
  });

  it('reports positions missing from an A01 curve', () => {
    const prices = numbered(24).map((p, i): [number, string] => [i + 1, p]).filter(([pos]) => pos !== 5 && pos !== 6);
    const xml = entsoeXml([{ periods: [{ start: DAY[0], end: DAY[1], points: prices }] }]);
    const issue = theIssue(importEntsoeXml(xml), 'missing_interval');
    expect(issue.interval).toBe('2025-10-02T02:00:00Z/2025-10-02T04:00:00Z');
    expect(issue.message).toMatch(/positions 5–6 are missing/);
  });

  it('reports trailing positions missing from an A01 curve', () => {
    const xml = entsoeXml([{ periods: [period(DAY[0], DAY[1], numbered(23))] }]);
    expect(theIssue(importEntsoeXml(xml), 'missing_interval').message).toMatch(/position 24 is missing/);
  });

  it('reports an A03 curve that does not start at position 1', () => {
    const xml = entsoeXml([{ curveType: 'A03', periods: [{ start: DAY[0], end: DAY[1], points: [[2, '1.00']] }] }]);
    expect(theIssue(importEntsoeXml(xml), 'missing_interval').message).toMatch(/position 1 is missing.*A03/);
  });

  it('reports a missing day between two series', () => {
    const xml = entsoeXml([
      { periods: [period('2025-10-01T22:00Z', '2025-10-02T22:00Z', numbered(24))] },
      { periods: [period('2025-10-03T22:00Z', '2025-10-04T22:00Z', numbered(24))] },
    ]);
    expect(theIssue(importEntsoeXml(xml), 'missing_interval').interval).toBe('2025-10-02T22:00:00Z/2025-10-03T22:00:00Z');
  });

  it('does not also report a period with a bad price as a gap', () => {
    const xml = entsoeXml([
      { periods: [period('2025-10-01T22:00Z', '2025-10-02T22:00Z', numbered(24))] },
      { periods: [period('2025-10-02T22:00Z', '2025-10-03T22:00Z', ['bad', ...numbered(23)])] },
      { periods: [period('2025-10-03T22:00Z', '2025-10-04T22:00Z', numbered(24))] },
    ]);
    expect(codes(importEntsoeXml(xml))).toEqual(['bad_price']);
  });

  it('reports a position given twice', () => {
    const xml = entsoeXml([{ periods: [{ start: DAY[0], end: '2025-10-01T23:00Z', points: [[1, '1.00'], [1, '2.00']] }] }]);
    expect(theIssue(importEntsoeXml(xml), 'duplicate_interval').message).toMatch(/position 1 appears more than once/);
  });

  it('reports the same day delivered twice as duplicate intervals', () => {
    const xml = entsoeXml([
      { periods: [period(DAY[0], DAY[1], numbered(24))] },
      { periods: [period(DAY[0], DAY[1], numbered(24))] },
    ]);
    const failure = expectFailure(importEntsoeXml(xml));
    expect(failure.errorCount).toBe(24);
    expect(new Set(failure.errors.map((e) => e.code))).toEqual(new Set(['duplicate_interval']));
  });

  it('reports a position outside the period', () => {
    const xml = entsoeXml([{ periods: [{ start: DAY[0], end: '2025-10-01T23:00Z', points: [[1, '1.00'], [2, '2.00']] }] }]);
    expect(theIssue(importEntsoeXml(xml), 'bad_position').message).toMatch(/outside 1…1/);
  });

  it('refuses an unsupported resolution', () => {
    const xml = entsoeXml([{ periods: [period(DAY[0], DAY[1], numbered(1), 'P1D')] }]);
    expect(theIssue(importEntsoeXml(xml), 'bad_resolution').field).toBe('TimeSeries[0].Period[0].resolution');
  });

  it('refuses a period that is not a whole number of intervals', () => {
    const xml = entsoeXml([{ periods: [period('2025-10-01T22:00Z', '2025-10-01T22:30Z', ['1.00'])] }]);
    expect(codes(importEntsoeXml(xml))).toEqual(['bad_interval']);
  });

  it('refuses mixed resolutions in one TimeSeries', () => {
    const xml = entsoeXml([
      {
        periods: [period('2025-10-01T22:00Z', '2025-10-02T22:00Z', numbered(24)), period('2025-10-02T22:00Z', '2025-10-03T22:00Z', numbered(96), 'PT15M')],
      },
    ]);
    expect(theIssue(importEntsoeXml(xml), 'mixed_resolution').message).toMatch(/TimeSeries 1: mixed resolutions/);
  });

  it('refuses a wrong currency', () => {
    const xml = entsoeXml([{ currency: 'SEK', periods: [period(DAY[0], DAY[1], numbered(24))] }]);
    expect(theIssue(importEntsoeXml(xml), 'wrong_currency')).toMatchObject({ field: 'currency_Unit.name', line: 13 });
  });

  it('refuses a wrong price unit', () => {
    const xml = entsoeXml([{ unit: 'KWH', periods: [period(DAY[0], DAY[1], numbered(24))] }]);
    expect(codes(importEntsoeXml(xml))).toEqual(['wrong_unit']);
  });

  it('refuses two bidding zones in one file', () => {
    const xml = entsoeXml([
      { area: '10YAT-APG------L', periods: [period(DAY[0], DAY[1], numbered(24))] },
      { periods: [period('2025-10-02T22:00Z', '2025-10-03T22:00Z', numbered(24))] },
    ]);
    expect(codes(importEntsoeXml(xml))).toEqual(['mixed_area']);
  });

  it('refuses a time without Z or offset', () => {
    const xml = entsoeXml([{ periods: [period('2025-10-01T22:00', DAY[1], numbered(24))] }]);
    expect(theIssue(importEntsoeXml(xml), 'bad_timestamp').field).toBe('TimeSeries[0].Period[0].timeInterval.start');
  });

  it('collects errors from every series instead of stopping at the first', () => {
    const xml = entsoeXml([
      { periods: [period(DAY[0], DAY[1], ['x', ...numbered(23)])] },
      { periods: [period('2025-10-02T22:00Z', '2025-10-03T22:00Z', [...numbered(23), 'y'])] },
    ]);
    expect(expectFailure(importEntsoeXml(xml)).errors.map((e) => [e.code, e.field])).toEqual([
      ['bad_price', 'TimeSeries[0].Period[0].Point[0].price.amount'],
      ['bad_price', 'TimeSeries[1].Period[0].Point[23].price.amount'],
    ]);
  });
});
