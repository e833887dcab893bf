import {describe, expect, it} from 'vitest'

describe('package entry', () => {
  it('loads without Puppeteer', async () => {
    const mod = await import('../src/index.js')
    expect(typeof mod.default).toBe('function')
  })
})
